package io.github.llmbench.report.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a {@code double} exactly as Python's {@code repr(float)} (and so {@code json.dump}) does, so the JSON we
 * write is byte-for-byte what the unified script writes.
 *
 * <p>Python prints the shortest digit string that reads back to the same double (Java 17's {@link Double#toString}
 * is not always the shortest: it prints {@code 2.0E-3} as {@code 0.0020}, JDK-4511638), in fixed notation with at least one decimal when
 * {@code 1e-4 <= |x| < 1e16}, else in exponent notation with a signed exponent of at least two digits
 * ({@code 1e-05}, {@code 1.5e+16}). Non-finite values print as {@code NaN}, {@code Infinity}, {@code -Infinity},
 * as {@code json.dump} does by default.
 */
public final class PythonFloat {
  private PythonFloat() {}

  /** The Python {@code repr} of {@code x}. */
  public static String repr(double x) {
    if (Double.isNaN(x)) return "NaN";
    if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
    if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
    String sign = x < 0 ? "-" : "";
    BigDecimal shortest = shortest(Math.abs(x));
    // digits d1..dn with value 0.d1..dn * 10^decpt
    BigDecimal stripped = shortest.stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    int decpt = digits.length() - stripped.scale();
    StringBuilder out = new StringBuilder(sign);
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.").append("0".repeat(-decpt)).append(digits);
      } else if (decpt >= digits.length()) {
        out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
      int exp = decpt - 1;
      out.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) out.append('0');
      out.append(abs);
    }
    return out.toString();
  }

  /**
   * The shortest decimal that reads back as {@code x} (positive, finite); among candidates of that length, the one
   * nearest to {@code x}.
   *
   * <p>Away from a power of two the interval of decimals that read back as {@code x} is symmetric around it, so
   * the nearest decimal of a precision is in it whenever any decimal of that precision is, and a longer precision's
   * nearest is never farther: the shortest precision is found by bisection (5 tries instead of up to 51). At a
   * power of two the interval below is half the one above, so every neighbour is tried ({@link #shortestByScan}).
   */
  static BigDecimal shortest(double x) {
    if ((Double.doubleToRawLongBits(x) & 0x000f_ffff_ffff_ffffL) == 0) return shortestByScan(x);
    BigDecimal exact = new BigDecimal(x);
    int lo = 1;
    int hi = 17; // 17 significant digits always read back
    BigDecimal found = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal nearest = exact.round(new MathContext(mid, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(nearest.toString()) == x) {
        hi = mid;
        found = nearest;
      } else {
        lo = mid + 1;
      }
    }
    return found;
  }

  /** Every precision from 1 up, each with its nearest, lower and upper neighbour: right everywhere, and slow. */
  static BigDecimal shortestByScan(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(nearest.toString()) == x) return nearest;
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      if (Double.parseDouble(down.toString()) == x) return down;
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
      if (Double.parseDouble(up.toString()) == x) return up;
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }
}
