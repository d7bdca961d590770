package io.github.llmbench.core.internal.sse;

import org.jspecify.annotations.Nullable;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, {@code null} when there was none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param receivedNanos the monotonic time of the network read that completed the event, taken before any decoding
 */
public record SseEvent(@Nullable String event, String data, long receivedNanos) {}
