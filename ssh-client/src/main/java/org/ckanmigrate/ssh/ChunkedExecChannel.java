package org.ckanmigrate.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

/**
 * An exec channel whose stdout goes to {@link StdoutChunks}. MINA lets the window through as soon
 * as a stream given to {@code setOut} returns; here the consumer does it, after using the bytes.
 */
final class ChunkedExecChannel extends ChannelExec {

  private final StdoutChunks chunks;

  ChunkedExecChannel(String commandLine, StdoutChunks chunks) {
    super(commandLine, null, Map.of());
    this.chunks = chunks;
    chunks.attach(this);
    // Only so that MINA does not set up its own pipe; doWriteData below never writes to it.
    setOut(OutputStream.nullOutputStream());
    addChannelListener(
        new ChannelListener() {
          @Override
          public void channelClosed(Channel channel, Throwable reason) {
            chunks.end(reason);
          }
        });
  }

  @Override
  protected void doWriteData(byte[] data, int offset, long length) throws IOException {
    if (isClosing()) {
      return;
    }
    chunks.append(data, offset, (int) length);
  }

  @Override
  public void handleEof() throws IOException {
    super.handleEof();
    chunks.end(null);
  }
}
