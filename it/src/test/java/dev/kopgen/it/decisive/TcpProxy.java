package dev.kopgen.it.decisive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-for-byte TCP forwarder on loopback that a test can cut: the network between a client and
 * the API server, made breakable. TLS passes through untouched (the server's certificate names
 * 127.0.0.1, whatever the port). {@link #sever()} closes every open connection and refuses new
 * ones, as a partition or an API server restart does; {@link #restore()} lets them through again.
 */
final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress upstream;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean severed;
  private volatile boolean closed;

  TcpProxy(String upstreamHost, int upstreamPort) {
    this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The local port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection now and refuses new ones until {@link #restore()}. */
  void sever() {
    severed = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Forwards new connections again. */
  void restore() {
    severed = false;
  }

  /** Connections forwarded so far. */
  int forwarded() {
    return forwarded.get();
  }

  /** Connections refused while severed. */
  int refused() {
    return refused.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (severed) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(upstream, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      forwarded.incrementAndGet();
      open.add(client);
      open.add(server);
      pump(client, server);
      pump(server, client);
    }
  }

  /** Copies bytes one way until either side closes; then closes both. */
  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // The other pump or sever() closed a socket: the connection is over.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    sever();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
