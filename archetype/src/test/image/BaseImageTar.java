import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a tiny container image in the format of {@code docker save} (manifest.json, the config,
 * one uncompressed layer) to the file named by the first argument, for the archetype's {@code
 * image} case: Jib takes it as the base image ({@code jib.from.image=tar://...}), so the case
 * builds the operator image with no registry, no Docker daemon and no network.
 *
 * <p>It is not a Java base image and cannot run anything: what the case checks is the image
 * Jib assembles on top of it (entrypoint, user, layers, name), not a container run. The base's
 * config says {@code User: root}, so the case also shows Jib's user replacing the base's.
 *
 * <p>Run as a single-file program ({@code java BaseImageTar.java <out.tar>}): JDK only, and the
 * same bytes on every run.
 */
public class BaseImageTar {

  /** The one file of the base layer; the archetype case finds it in the built image. */
  static final String MARKER = "kopgen-test-base/README";

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    byte[] layer = tar(Map.of(MARKER,
        "A base image made by kopgen's archetype test. It has no Java and runs nothing.\n"
            .getBytes(StandardCharsets.UTF_8)));
    String diffId = "sha256:" + sha256(layer);
    String config = """
        {"architecture":"amd64","os":"linux",\
        "config":{"User":"root","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],\
        "Labels":{"dev.kopgen.test-base":"true"}},\
        "rootfs":{"type":"layers","diff_ids":["%s"]},\
        "history":[{"created":"1970-01-01T00:00:00Z","created_by":"kopgen archetype test: BaseImageTar"}]}
        """.formatted(diffId).strip();
    String manifest = """
        [{"Config":"config.json","RepoTags":["kopgen-test-base:1"],"Layers":["layer.tar"]}]""";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
    entries.put("layer.tar", layer);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, tar(entries));
    System.out.println("[image-it] base image " + out + " (layer " + diffId + ")");
  }

  /** A ustar archive of regular files, in the map's order, with fixed owner and times. */
  static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] header = new byte[512];
      put(header, 0, 100, f.getKey());
      put(header, 100, 8, "0000644");
      put(header, 108, 8, "0000000");
      put(header, 116, 8, "0000000");
      put(header, 124, 12, String.format("%011o", f.getValue().length));
      put(header, 136, 12, String.format("%011o", 0));
      java.util.Arrays.fill(header, 148, 156, (byte) ' ');
      header[156] = '0';
      put(header, 257, 6, "ustar");
      put(header, 263, 2, "00");
      int sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      put(header, 148, 8, String.format("%06o", sum));
      header[155] = ' ';
      tar.write(header);
      tar.write(f.getValue());
      tar.write(new byte[(512 - f.getValue().length % 512) % 512]);
    }
    tar.write(new byte[1024]);
    return tar.toByteArray();
  }

  private static void put(byte[] header, int offset, int length, String value) {
    byte[] b = value.getBytes(StandardCharsets.US_ASCII);
    if (b.length > length) {
      throw new IllegalArgumentException("too long for a tar header field: " + value);
    }
    System.arraycopy(b, 0, header, offset, b.length);
  }

  private static String sha256(byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
