package io.github.llmbench.core.internal.transport;

/**
 * One request as a transport will write it, built before it is due (off the timed path): its wire form is the
 * transport's own (bytes for Netty, a {@code Request} for OkHttp).
 *
 * @param requestId the {@code X-Request-Id} it carries
 * @param stream whether it asks for an event stream
 * @param wire the transport's encoding, made by {@link Transport#encode}
 */
public record Outgoing(String requestId, boolean stream, Object wire) {}
