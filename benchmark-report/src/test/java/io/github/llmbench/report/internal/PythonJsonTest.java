package io.github.llmbench.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonJsonTest {
  /** Expected text is Python 3.11's json.dumps(..., indent=2) of the same object. */
  @Test
  void writesLikePythonIndent2() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("e", null);
    inner.put("f", true);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("a", "\u00e9\u2028\u007f\u0001\"\\/\t\n\ud83d\ude00");
    root.put("b", List.of());
    root.put("c", Map.of());
    root.put("d", Arrays.asList(1, 2.0, inner));
    StringBuilder out = new StringBuilder();
    PythonJson.write(root, out);
    assertThat(out.toString()).isEqualTo("""
        {
          "a": "\\u00e9\\u2028\\u007f\\u0001\\"\\\\/\\t\\n\\ud83d\\ude00",
          "b": [],
          "c": {},
          "d": [
            1,
            2.0,
            {
              "e": null,
              "f": true
            }
          ]
        }""");
  }

  @Test
  void intsStayIntsAndFloatsStayFloats() throws Exception {
    StringBuilder out = new StringBuilder();
    PythonJson.write(Arrays.asList(0, 0.0, 1L, 1.0, 1e-5), out);
    assertThat(out.toString()).isEqualTo("[\n  0,\n  0.0,\n  1,\n  1.0,\n  1e-05\n]");
  }

  @Test
  void rejectsValuesWithoutJsonForm() {
    assertThatThrownBy(() -> PythonJson.write(List.of(new Object()), new StringBuilder()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }
}
