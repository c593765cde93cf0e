//! The intake's routes, one module per resource.

pub mod attachments;
pub mod events;
pub mod feedback;
pub mod health;
pub mod inbound;
pub mod insights;
pub mod tickets;
