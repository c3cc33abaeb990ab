package dev.kopgen.annotations;

/** What an instance does once it has lost its Lease (after it stopped and fenced itself). */
public enum OnLeadershipLoss {
  /**
   * Exit with a non-zero status so Kubernetes restarts the container with fresh state: the safe
   * default, since nothing in the process can have kept stale assumptions.
   */
  EXIT,
  /** Stay up as a standby and compete for the Lease again. */
  REJOIN
}
