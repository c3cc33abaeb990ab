package dev.kopgen.runtime.lease;

/**
 * What the operator runtime needs from leader election for one controller (or one shard): when to
 * start and stop reconciling, whether writes may leave the process, and a release on shutdown.
 * Unelected controllers use {@link #always()}.
 */
public interface Leadership extends AutoCloseable {

  /** Receives leadership changes; called from the election's own thread. */
  interface Listener {
    /** This instance now holds the Lease: start reconciling. */
    void onStartedLeading();

    /**
     * This instance no longer holds the Lease, or could not renew it within the renew deadline.
     * Writes are already fenced when this is called: stop starting reconciles, cancel in-flight
     * ones. Called at most once per leadership term; the election keeps campaigning afterwards, so
     * {@link #onStartedLeading()} may follow (the operator decides whether to exit or rejoin). Must
     * not block (in particular, not call {@code System.exit} inline, whose shutdown hooks would
     * wait for {@link Leadership#release()}): hand the work to another thread.
     */
    void onStoppedLeading();
  }

  /** Starts campaigning; the listener hears every change from then on. */
  void start(Listener listener);

  /**
   * Whether a mutating request may leave the process now: true only while this instance holds the
   * Lease and its last successful renewal is younger than the renew deadline. Cheap; called before
   * every write.
   */
  boolean mayWrite();

  /** Whether this instance currently leads. */
  boolean isLeader();

  /**
   * Gives the Lease up after the drain: clears the holder (with optimistic concurrency) if this
   * instance still holds it, so a standby takes over at once instead of waiting for expiry. Writes
   * are fenced from the start of the call and the instance stops campaigning for good. The listener
   * is not called: the caller is the one giving up. Call it from the shutdown path, never from a
   * listener method.
   */
  void release();

  /**
   * {@link #release()}, telling whether the API server confirmed that the Lease is given up: false
   * when it could not confirm it in time, or when this instance held nothing to release. Shutdown
   * reports only confirmed releases.
   */
  default boolean releaseConfirmed() {
    release();
    return true;
  }

  /**
   * Stops campaigning and renewing, without releasing: writes are fenced at once and the Lease is
   * left to expire. The listener is not called.
   */
  @Override
  void close();

  /** Leadership for an unelected controller: always leading, writes always allowed. */
  static Leadership always() {
    return new Leadership() {
      @Override
      public void start(Listener listener) {
        listener.onStartedLeading();
      }

      @Override
      public boolean mayWrite() {
        return true;
      }

      @Override
      public boolean isLeader() {
        return true;
      }

      @Override
      public void release() {}

      @Override
      public void close() {}
    };
  }
}
