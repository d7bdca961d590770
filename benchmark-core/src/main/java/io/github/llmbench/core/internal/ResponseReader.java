package io.github.llmbench.core.internal;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a 200 response to its end and extracts what a request outcome needs. One implementation per response
 * shape: a plain JSON body today ({@link JsonResponseReader}); server-sent event streams plug in here later.
 * Implementations are stateless and thread-safe.
 */
interface ResponseReader {
  /**
   * Reads the whole body. Transport errors propagate as {@link IOException}; a body of the wrong shape becomes a
   * failed {@link Exchange}.
   */
  Exchange read(Response response) throws IOException;
}
