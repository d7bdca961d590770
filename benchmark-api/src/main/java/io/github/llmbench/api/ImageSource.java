package io.github.llmbench.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * An image for a vision request, resolved once to the URL that is sent in {@code image_url.url}: a remote URL as
 * given, or a local file or generated picture as a {@code data:} URL so that a vision benchmark works offline.
 * Immutable.
 */
public final class ImageSource {
  private final String url;
  private final String description;

  private ImageSource(String url, String description) {
    this.url = url;
    this.description = description;
  }

  /** A remote image by URL ({@code http}, {@code https} or {@code data}). */
  public static ImageSource url(String url) {
    Checks.notBlank("image url", url);
    String lower = url.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:"))) {
      throw new IllegalArgumentException("image url (\"" + url + "\") should start with http://, https:// or data:");
    }
    return new ImageSource(url, url.startsWith("data:") ? "data URL" : url);
  }

  /**
   * A local PNG, JPEG, GIF or WebP file, read now and sent as a base64 {@code data:} URL.
   *
   * @throws IllegalArgumentException if the file cannot be read or its type is not an image type
   */
  public static ImageSource file(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    String mime;
    if (name.endsWith(".png")) mime = "image/png";
    else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) mime = "image/jpeg";
    else if (name.endsWith(".gif")) mime = "image/gif";
    else if (name.endsWith(".webp")) mime = "image/webp";
    else throw new IllegalArgumentException("image file (" + file + ") should end in .png, .jpg, .jpeg, .gif or .webp");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("image file (" + file + ") cannot be read: " + e.getMessage(), e);
    }
    return new ImageSource(dataUrl(mime, bytes), "file " + file);
  }

  /**
   * A picture generated here, deterministic for a seed: a colour gradient with seeded blocks, as a PNG
   * {@code data:} URL.
   *
   * @throws IllegalArgumentException if a side is not between 1 and 4096
   */
  public static ImageSource generated(int width, int height, long seed) {
    if (width < 1 || width > 4096) throw new IllegalArgumentException("width (" + width + ") should be between 1 and 4096");
    if (height < 1 || height > 4096) throw new IllegalArgumentException("height (" + height + ") should be between 1 and 4096");
    return new ImageSource(dataUrl("image/png", png(width, height, seed)),
        "generated " + width + "x" + height + " seed " + seed);
  }

  /** The URL sent to the server. */
  public String url() {
    return url;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSource other && url.equals(other.url);
  }

  @Override
  public int hashCode() {
    return url.hashCode();
  }

  @Override
  public String toString() {
    return "ImageSource[" + description + "]";
  }

  private static String dataUrl(String mime, byte[] bytes) {
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /** A minimal PNG encoder (8-bit RGB, no filtering) so that the API module needs nothing beyond java.base. */
  static byte[] png(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int block = Math.max(8, Math.min(width, height) / 8);
    int cols = (width + block - 1) / block;
    int rows = (height + block - 1) / block;
    int[] tint = new int[cols * rows];
    for (int i = 0; i < tint.length; i++) tint[i] = random.nextInt(0x1000000);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
      byte[] line = new byte[1 + width * 3];
      for (int y = 0; y < height; y++) {
        line[0] = 0; // filter type: none
        for (int x = 0; x < width; x++) {
          int t = tint[(y / block) * cols + x / block];
          line[1 + x * 3] = (byte) ((x * 255 / Math.max(1, width - 1) + (t >> 16)) / 2);
          line[2 + x * 3] = (byte) ((y * 255 / Math.max(1, height - 1) + ((t >> 8) & 0xff)) / 2);
          line[3 + x * 3] = (byte) (((x + y) * 255 / Math.max(1, width + height - 2) + (t & 0xff)) / 2);
        }
        z.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", raw.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
