//! A sharded static search index: small JavaScript files that register themselves, so
//! search works from any static host and from file://.
