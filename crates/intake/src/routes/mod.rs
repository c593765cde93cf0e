//! The intake's routes, one module per resource.

pub mod attachments;
pub mod feedback;
pub mod health;
pub mod inbound;
pub mod tickets;
