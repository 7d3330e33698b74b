package io.releasedesk.engine;

/**
 * A technical failure whose message says all an operator needs (what failed, where, and why, e.g. "the deployment
 * webhook … could not be reached: connection refused"). A job failing with it is logged as one WARN line with that
 * message, its stack trace at DEBUG; it is retried and then becomes an incident as usual.
 */
public interface ExplainedFailure {}
