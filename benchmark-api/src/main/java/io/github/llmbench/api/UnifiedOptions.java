package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;

/**
 * Options of the unified preset. With none set, the preset behaves exactly as the unified script does.
 *
 * @param intensity request-count multiplier
 * @param vision add the STRESS step {@code multi_image}: chat requests with {@code images} (a vision model is needed)
 * @param completions send {@code /v1/completions} requests instead of chat
 * @param skipSaturation leave phase 5 (SATURATION) out
 * @param stream ask for streamed responses
 * @param images the pictures the vision step sends; three generated 512x512 pictures by default, so it works offline
 */
public record UnifiedOptions(Intensity intensity, boolean vision, boolean completions, boolean skipSaturation,
    boolean stream, List<ImageSource> images) {
  public UnifiedOptions {
    Objects.requireNonNull(intensity, "intensity");
    images = List.copyOf(images);
    if (vision && completions) {
      throw new IllegalArgumentException("vision (true) needs chat requests, but completions is also true");
    }
    if (vision && images.isEmpty()) {
      throw new IllegalArgumentException("images ([]) should hold at least one image when vision is on");
    }
  }

  /** The script's defaults at this intensity. */
  public static UnifiedOptions of(Intensity intensity) {
    return new UnifiedOptions(intensity, false, false, false, false, defaultImages());
  }

  /** Three generated pictures, sent as {@code data:} URLs. */
  public static List<ImageSource> defaultImages() {
    return List.of(ImageSource.generated(512, 512, 1), ImageSource.generated(512, 512, 2),
        ImageSource.generated(512, 512, 3));
  }

  public UnifiedOptions intensity(Intensity value) {
    return new UnifiedOptions(value, vision, completions, skipSaturation, stream, images);
  }

  public UnifiedOptions vision(boolean value) {
    return new UnifiedOptions(intensity, value, completions, skipSaturation, stream, images);
  }

  public UnifiedOptions completions(boolean value) {
    return new UnifiedOptions(intensity, vision, value, skipSaturation, stream, images);
  }

  public UnifiedOptions skipSaturation(boolean value) {
    return new UnifiedOptions(intensity, vision, completions, value, stream, images);
  }

  public UnifiedOptions stream(boolean value) {
    return new UnifiedOptions(intensity, vision, completions, skipSaturation, value, images);
  }

  public UnifiedOptions images(List<ImageSource> value) {
    return new UnifiedOptions(intensity, vision, completions, skipSaturation, stream, value);
  }
}
