package org.ckanmigrate.schema.upgrade;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Creates a file over SFTP with mode 0600 from its first moment: the pass-1 ini holds the database
 * password. MINA's {@code SftpClient.open} sends no attributes, so the server would create the file
 * with its default mode (0644 under a usual umask) and a chmod afterwards leaves a window in which
 * another local user could open it and read what is written later. So the OPEN request (SFTP
 * version 3, OpenSSH's) is built here with the permissions in it, and exclusive: a file (or a
 * symlink) appearing at the path since it was removed is refused, not followed.
 */
final class SftpPrivateFile {

  private static final int OWNER_READ_WRITE = 0600;

  private SftpPrivateFile() {}

  /**
   * Creates {@code path} (which must not exist) with mode 0600 and opens it for writing.
   *
   * @param sftp a client speaking SFTP version 3
   */
  static SftpClient.CloseableHandle create(SftpClient sftp, String path) throws IOException {
    if (sftp.getVersion() != SftpConstants.SFTP_V3 || !(sftp instanceof RawSftpClient raw)) {
      throw new IllegalArgumentException("needs an SFTP version 3 client");
    }
    Buffer request = new ByteArrayBuffer(path.length() + 64, false);
    request.putString(path);
    request.putInt(
        SftpConstants.SSH_FXF_WRITE | SftpConstants.SSH_FXF_CREAT | SftpConstants.SSH_FXF_EXCL);
    request.putInt(SftpConstants.SSH_FILEXFER_ATTR_PERMISSIONS);
    request.putInt(OWNER_READ_WRITE);
    int id = raw.send(SftpConstants.SSH_FXP_OPEN, request);
    Buffer response = raw.receive(id);
    response.getInt(); // length
    int type = response.getUByte();
    response.getInt(); // request id
    if (type == SftpConstants.SSH_FXP_STATUS) {
      int status = response.getInt();
      throw new SftpException(status, response.getString());
    }
    if (type != SftpConstants.SSH_FXP_HANDLE) {
      throw new IOException("unexpected SFTP reply " + type + " to OPEN " + path);
    }
    byte[] handle = response.getBytes();
    SftpClient.CloseableHandle open =
        new SftpClient.CloseableHandle(path, handle) {
          private boolean closed;

          @Override
          public boolean isOpen() {
            return !closed;
          }

          @Override
          public void close() throws IOException {
            if (!closed) {
              closed = true;
              sftp.close(this);
            }
          }
        };
    // OpenSSH applies OPEN's attributes; a server that ignores them would leave its default mode:
    // narrow it before any byte is written.
    SftpClient.Attributes mode = new SftpClient.Attributes();
    mode.setPermissions(OWNER_READ_WRITE);
    sftp.setStat(open, mode);
    return open;
  }
}
