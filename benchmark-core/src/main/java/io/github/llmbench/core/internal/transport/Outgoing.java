package io.github.llmbench.core.internal.transport;

/**
 * One request as a transport will write it, built before it is due (off the timed path): its wire form is the
 * transport's own (bytes for Netty, a {@code Request} for OkHttp).
 *
 * @param wire the transport's encoding, made by {@link Transport#encode}
 */
public record Outgoing(Object wire) {}
