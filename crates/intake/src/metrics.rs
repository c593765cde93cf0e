//! Prometheus metrics (`GET /metrics`, OpenMetrics text, behind the agent token): tickets
//! created by flow, HTTP request latency by route, method and status class, requests refused
//! by the rate limit, and deliveries by destination and state (read from storage at each
//! scrape). Built with the `prometheus-client` crate.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// Label of tickets created: the flow (`support_request`, `refund`…).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Flow {
    /// Wire name of the ticket kind.
    pub kind: String,
}

/// Labels of a request's latency.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Route {
    /// The route's template (`/api/tickets/{id}/reopen`), `static` for files.
    pub route: String,
    /// HTTP method.
    pub method: String,
    /// Status class (`2xx`…).
    pub status: String,
}

/// Labels of a delivery count.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Delivery {
    /// Destination name.
    pub destination: String,
    /// `pending`, `done` or `dead`.
    pub state: String,
}

type HistogramMaker = fn() -> Histogram;

/// The intake's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Tickets created (first submissions, not replays).
    pub tickets: Family<Flow, Counter>,
    /// Request latency in seconds (1 ms to about 16 s, doubling).
    pub requests: Family<Route, Histogram, HistogramMaker>,
    /// Requests refused with 429.
    pub limited: Counter,
    /// Deliveries by destination and state (set at each scrape).
    pub deliveries: Family<Delivery, Gauge>,
}

fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("guichet");
        let tickets = Family::<Flow, Counter>::default();
        let requests = Family::<Route, Histogram, HistogramMaker>::new_with_constructor(latency as HistogramMaker);
        let limited = Counter::default();
        let deliveries = Family::<Delivery, Gauge>::default();
        registry.register("tickets_created", "Tickets created, by flow", tickets.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency", requests.clone());
        registry.register("rate_limited_requests", "Requests refused by the rate limit (429)", limited.clone());
        registry.register("deliveries", "Deliveries by destination and state", deliveries.clone());
        Metrics { registry, tickets, requests, limited, deliveries }
    }
}

impl Metrics {
    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String");
        out
    }
}
