package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The run's JSON mapper. Jackson's default read constraints reject strings over 20 MB, which would turn a valid,
 * long answer into a malformed one; here they are lifted, and the response limits bound what is read instead.
 */
final class JsonCodec {
  private JsonCodec() {}

  static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE)
            .maxNumberLength(Integer.MAX_VALUE)
            .maxNestingDepth(Integer.MAX_VALUE)
            .maxNameLength(Integer.MAX_VALUE)
            .build())
        // The readers close the body themselves, after reading it to its end for the end time.
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
        .build();
    return JsonMapper.builder(factory).build();
  }
}
