package io.github.llmbench.core.internal;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a 200 response to its end and extracts what a request outcome needs: a plain JSON body
 * ({@link JsonResponseReader}) or a server-sent event stream ({@link StreamResponseReader}). Implementations are
 * stateless and thread-safe.
 */
interface ResponseReader {
  /**
   * Reads the whole body. Transport errors propagate as {@link IOException} (a body past the response limit as
   * {@link LimitedInputStream.TooLargeException}); a body of the wrong shape becomes a failed {@link Exchange}.
   */
  Exchange read(Response response) throws IOException;
}
