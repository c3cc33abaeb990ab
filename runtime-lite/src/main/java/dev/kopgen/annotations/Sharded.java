package dev.kopgen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Splits an elected {@link Controller}'s work into shards: each shard has its own Lease, watches
 * only its scope and gets its own Deployment, so several leaders work side by side. Requires {@link
 * LeaderElection}. Scopes may not overlap; kopgen checks this at compile time.
 *
 * <pre>{@code
 * @Sharded({
 *     @Shard(name = "team-a", namespaces = "team-a"),
 *     @Shard(name = "team-b", namespaces = {"team-b", "team-b-staging"})})
 * }</pre>
 *
 * <p>The instance's shard is chosen at run time by the {@code KOPGEN_SHARD} environment variable,
 * which each generated shard Deployment sets to {@code <controller>/<shard>} (e.g. {@code
 * web-app/team-a}): shard names are unique only within their controller.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Sharded {

  /** The shards, at least one. */
  Shard[] value();
}
