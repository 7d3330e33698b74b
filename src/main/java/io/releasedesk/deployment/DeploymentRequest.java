package io.releasedesk.deployment;

/**
 * One version of one service to deploy to one environment.
 *
 * @param commit the full sha of the commit the version was cut from: what QA verified is what ships (null for a
 *     release that began before candidates were pinned to commits)
 * @param releaseKey the release it belongs to ({@code service@version})
 * @param idempotencyKey the same for every attempt of the same step, so that a target can ignore repeats
 */
public record DeploymentRequest(
    String service,
    String version,
    String commit,
    String environment,
    String releaseKey,
    String idempotencyKey) {}
