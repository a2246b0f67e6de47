package org.ckanmigrate.dump.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.contract.spec.TransferSpec;
import org.ckanmigrate.dump.DumpControl;
import org.ckanmigrate.dump.DumpFailedException;
import org.ckanmigrate.dump.DumpSettings;
import org.ckanmigrate.dump.ssh.SourceConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a verified dump (artifact, then manifest) by SFTP to {@code remoteDir/<run-id>/} on the
 * loader's host, over the same strictly checked, jump-hosted SSH connection the dump uses.
 *
 * <p>Each file goes to {@code <name>.part} first. A retry stats that file and continues from its
 * size (SFTP applies a channel's writes in order, so the remote file is always a prefix of what was
 * sent). The SHA-256 is then checked at the destination by reading the file back over SFTP (not
 * {@code sha256sum} over exec: the loader's account may be SFTP-only, chrooted or without a shell,
 * and SFTP paths need not match shell paths), and only a matching file is renamed into place. The
 * manifest goes last, so its presence marks the upload complete there too.
 */
public final class ArtifactTransfer {

  private static final Logger log = LoggerFactory.getLogger(ArtifactTransfer.class);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern REMOTE_DIR = Pattern.compile("[A-Za-z0-9_./-]{1,1024}");
  private static final int BUFFER = 256 * 1024;
  private static final int READ_BUFFER = 32 * 1024;
  private static final int WRITE_BUFFER = 32 * 1024;

  private final DumpSettings settings;

  public ArtifactTransfer(DumpSettings settings) {
    this.settings = settings;
  }

  /**
   * Uploads {@code artifact} and {@code manifest} for run {@code runId}. Blocking.
   *
   * @param jumpHosts the source's jump hosts, crossed in order to reach {@code spec.sftp()}
   * @param artifactSha256 the artifact's SHA-256 from its manifest (hex)
   * @param control cancellation; {@code progress} receives the bytes sent so far by this attempt
   * @throws DumpFailedException TRANSFER_FAILED naming host and path, or the connection's codes
   *     (HOST_KEY_UNKNOWN, HOST_KEY_MISMATCH, AUTH_FAILED, CONNECT_TIMEOUT, INVALID_IDENTIFIER)
   * @throws CancellationException if cancelled or interrupted (an interrupt flag stays set)
   */
  public TransferResult upload(
      TransferSpec spec,
      List<SshEndpoint> jumpHosts,
      String runId,
      Path artifact,
      Path manifest,
      String artifactSha256,
      DumpControl control)
      throws DumpFailedException {
    if (spec == null || spec.sftp() == null) {
      throw new DumpFailedException(
          ErrorCode.INVALID_IDENTIFIER, "the transfer section needs an sftp endpoint");
    }
    String runDir = remoteDir(spec.remoteDir()) + "/" + runId(runId);
    String destination = SourceConnection.describe(spec.sftp());
    List<SshEndpoint> jumps = jumpHosts == null ? List.of() : jumpHosts;
    String manifestSha256;
    try {
      manifestSha256 = sha256(manifest);
    } catch (IOException e) {
      throw new DumpFailedException(
          ErrorCode.TRANSFER_FAILED,
          "cannot read the manifest " + manifest + " to upload it: " + e.getMessage(),
          e);
    }
    long started = System.nanoTime();
    try (SourceConnection connection = SourceConnection.open(spec.sftp(), jumps, settings);
        SftpClient sftp = connection.sftp()) {
      Upload upload = new Upload(sftp, destination, control);
      upload.mkdirs(runDir);
      FileResult a =
          upload.file(artifact, runDir + "/" + artifact.getFileName(), artifactSha256, 0);
      FileResult m =
          upload.file(manifest, runDir + "/" + manifest.getFileName(), manifestSha256, a.sent());
      long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
      long sent = a.sent() + m.sent();
      log.info(
          "uploaded {} to {}:{} in {} ms: {} bytes sent ({} MB/s incl. read-back), resumed from {}",
          artifact.getFileName(),
          destination,
          a.path(),
          millis,
          sent,
          String.format("%.1f", sent / 1e3 / millis),
          a.resumedFrom());
      return new TransferResult(
          destination, a.path(), m.path(), sent, a.resumedFrom(), a.present() && m.present());
    } catch (IOException e) {
      throw new DumpFailedException(
          ErrorCode.TRANSFER_FAILED,
          "cannot open SFTP on "
              + destination
              + " for "
              + runDir
              + ": "
              + scrub(e)
              + ". Check that the account may use SFTP.",
          e);
    }
  }

  private record FileResult(String path, long sent, long resumedFrom, boolean present) {}

  /** One upload session: the SFTP channel, where it goes, and the caller's control. */
  private final class Upload {
    private final SftpClient sftp;
    private final String destination;
    private final DumpControl control;

    Upload(SftpClient sftp, String destination, DumpControl control) {
      this.sftp = sftp;
      this.destination = destination;
      this.control = control;
    }

    void mkdirs(String dir) throws DumpFailedException {
      StringBuilder path = new StringBuilder(dir.startsWith("/") ? "/" : "");
      for (String segment : dir.split("/")) {
        if (segment.isEmpty()) {
          continue;
        }
        path.append(path.length() == 0 || path.charAt(path.length() - 1) == '/' ? "" : "/");
        path.append(segment);
        String current = path.toString();
        try {
          if (size(current) < 0) {
            sftp.mkdir(current);
          }
        } catch (IOException e) {
          throw failed("cannot create the directory " + current, e);
        }
      }
    }

    FileResult file(Path local, String remote, String sha256, long sentBefore)
        throws DumpFailedException {
      String part = remote + ".part";
      long size;
      try {
        size = Files.size(local);
        if (size(remote) == size && sha256.equalsIgnoreCase(remoteSha256(remote))) {
          log.info(
              "{}:{} already holds the verified file; not sending it again", destination, remote);
          return new FileResult(remote, 0, 0, true);
        }
      } catch (IOException e) {
        throw failed("cannot check " + remote, e);
      }
      long resumeFrom;
      try {
        resumeFrom = Math.max(0, size(part));
        if (resumeFrom > size) {
          sftp.remove(part);
          resumeFrom = 0;
        }
      } catch (IOException e) {
        throw failed("cannot check " + part, e);
      }
      if (resumeFrom > 0) {
        log.info("resuming the upload of {} at byte {} of {}", part, resumeFrom, size);
      }
      long sent = send(local, part, resumeFrom, sentBefore);
      String actual;
      try {
        actual = remoteSha256(part);
      } catch (IOException e) {
        throw failed("cannot read back " + part + " to verify it", e);
      }
      if (!sha256.equalsIgnoreCase(actual)) {
        removeQuietly(part);
        throw new DumpFailedException(
            ErrorCode.TRANSFER_FAILED,
            "SHA-256 of "
                + destination
                + ":"
                + part
                + " is "
                + actual
                + ", expected "
                + sha256
                + (resumeFrom > 0 ? " (resumed at byte " + resumeFrom + ")" : "")
                + ": the file changed at the destination or in transit. It was removed; a retry"
                + " uploads it from the beginning.");
      }
      try {
        if (size(remote) >= 0) {
          sftp.remove(remote);
        }
        sftp.rename(part, remote);
      } catch (IOException e) {
        throw failed("cannot rename " + part + " to " + remote, e);
      }
      return new FileResult(remote, sent, resumeFrom, false);
    }

    private long send(Path local, String part, long offset, long sentBefore)
        throws DumpFailedException {
      long sent = 0;
      try (FileChannel in = FileChannel.open(local, StandardOpenOption.READ)) {
        in.position(offset);
        SftpClient.CloseableHandle handle =
            sftp.open(part, EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create));
        try (SftpOutputStreamAsync out =
            new SftpOutputStreamAsync((AbstractSftpClient) sftp, WRITE_BUFFER, part, handle)) {
          out.setOffset(offset);
          ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
          while (in.read(buffer.clear()) > 0) {
            checkCancelled(part, offset + sent);
            out.write(buffer.array(), 0, buffer.position());
            sent += buffer.position();
            control.progress().accept(sentBefore + sent);
          }
        }
        return sent;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted() || e instanceof java.io.InterruptedIOException) {
          Thread.currentThread().interrupt();
          throw new CancellationException("upload of " + part + " interrupted");
        }
        throw failed(
            "upload to "
                + part
                + " broke off after "
                + sent
                + " bytes (started at byte "
                + offset
                + "); the .part file is kept and a retry continues from its size",
            e);
      }
    }

    private void checkCancelled(String part, long at) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("upload of " + part + " interrupted at byte " + at);
      }
      if (control.cancelled().getAsBoolean()) {
        throw new CancellationException("upload of " + part + " cancelled at byte " + at);
      }
    }

    /** The size of a remote file, or -1 if it does not exist. */
    private long size(String path) throws IOException {
      try {
        return sftp.stat(path).getSize();
      } catch (SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
            || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
          return -1;
        }
        throw e;
      }
    }

    private String remoteSha256(String path) throws IOException {
      try (InputStream in = sftp.read(path, READ_BUFFER)) {
        return sha256(in);
      }
    }

    private void removeQuietly(String path) {
      try {
        sftp.remove(path);
      } catch (IOException e) {
        log.warn("could not remove {}:{}: {}", destination, path, e.toString());
      }
    }

    private DumpFailedException failed(String what, IOException e) {
      return new DumpFailedException(
          ErrorCode.TRANSFER_FAILED, "SFTP on " + destination + ": " + what + ": " + scrub(e), e);
    }
  }

  private static String scrub(Throwable e) {
    return Scrubber.excerpt(String.valueOf(e.getMessage()), 500);
  }

  private static String runId(String runId) throws DumpFailedException {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new DumpFailedException(
          ErrorCode.INVALID_IDENTIFIER, "run id '" + runId + "' is not a plain token");
    }
    return runId;
  }

  /** A plain path without {@code ..} segments, without its trailing slash. */
  static String remoteDir(String dir) throws DumpFailedException {
    if (dir == null
        || !REMOTE_DIR.matcher(dir).matches()
        || List.of(dir.split("/")).contains("..")
        || dir.startsWith("-")) {
      throw new DumpFailedException(
          ErrorCode.INVALID_IDENTIFIER,
          "transfer.remoteDir '"
              + dir
              + "' is not a plain path (letters, digits, '_', '-', '.', '/', no '..')");
    }
    String trimmed = dir.replaceAll("/+$", "");
    return trimmed.isEmpty() ? "/" : trimmed;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = in.read(buffer)) > 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
