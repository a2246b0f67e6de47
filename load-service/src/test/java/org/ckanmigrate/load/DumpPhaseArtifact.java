package org.ckanmigrate.load;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;

/**
 * A plain dump written in the dump phase's layout, without an SSH dump: members end before each
 * COPY statement and after its end marker and every {@code memberBytes} in between, and the
 * manifest beside the artifact records each block's member range.
 */
final class DumpPhaseArtifact {

  private DumpPhaseArtifact() {}

  /** Writes {@code plain} to {@code artifact} as members; returns the manifest's table entries. */
  static List<DumpManifest.TableCopy> writeMembers(
      byte[] plain, Codec codec, int memberBytes, Path artifact) throws Exception {
    String text = new String(plain, StandardCharsets.ISO_8859_1);
    List<DumpManifest.TableCopy> copies = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(artifact)) {
      long fileOffset = 0;
      int from = 0;
      while (true) {
        int copy = text.indexOf("\nCOPY ", from);
        if (copy < 0) {
          fileOffset += members(plain, codec, memberBytes, out, from, plain.length);
          break;
        }
        copy++;
        int end = text.indexOf("\n\\.\n", copy) + 4;
        fileOffset += members(plain, codec, memberBytes, out, from, copy);
        String header = text.substring(copy, text.indexOf('\n', copy));
        long rows = text.substring(copy, end).chars().filter(ch -> ch == '\n').count() - 2;
        long length = members(plain, codec, memberBytes, out, copy, end);
        copies.add(
            new DumpManifest.TableCopy(
                copyTarget(header), rows, fileOffset, length, (long) copy, (long) (end - copy)));
        fileOffset += length;
        from = end;
      }
    }
    return copies;
  }

  /**
   * Writes the artifact and its manifest ({@code <db>.manifest.json} beside it); returns the
   * manifest's table entries.
   *
   * @param recordSha256 whether the manifest records the artifact's SHA-256 (without it, only
   *     decoding can tell a damaged artifact)
   */
  static List<DumpManifest.TableCopy> write(
      byte[] plain,
      Codec codec,
      int memberBytes,
      Path artifact,
      String database,
      boolean recordSha256)
      throws Exception {
    List<DumpManifest.TableCopy> copies = writeMembers(plain, codec, memberBytes, artifact);
    TestManifests.writeBeside(
        artifact,
        TestManifests.of(
            database,
            artifact.getFileName().toString(),
            codec.toString(),
            Files.size(artifact),
            (long) plain.length,
            recordSha256
                ? java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(artifact)))
                : null,
            null,
            copies));
    return copies;
  }

  /** The table a COPY statement names, quotes kept, as the dump phase writes it. */
  private static String copyTarget(String copy) {
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = "COPY ".length(); i < copy.length(); i++) {
      char c = copy.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ' ' || c == '(')) {
        break;
      }
      name.append(c);
    }
    return name.toString();
  }

  private static long members(
      byte[] plain, Codec codec, int memberBytes, OutputStream out, int from, int to)
      throws Exception {
    long written = 0;
    for (int at = from; at < to; at += memberBytes) {
      byte[] member = codec.encodeMember(plain, at, Math.min(memberBytes, to - at));
      out.write(member);
      written += member.length;
    }
    return written;
  }
}
