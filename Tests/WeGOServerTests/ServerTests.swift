import Testing

/// Every server test nests under this suite so they run one at a time: they share one
/// PostgreSQL database, which each test empties and migrates afresh.
@Suite(.serialized) struct ServerTests {}
