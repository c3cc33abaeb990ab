package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about {@code @Sharded}: names, scopes and overlap. */
class ShardDiagnosticsTest {

  /** An elected ConfigMap controller whose {@code @Sharded(...)} has the given lines. */
  private static JavaFileObject sharded(String... shardLines) {
    String[] lines = new String[shardLines.length + 7];
    lines[0] = "@Controller(resource = ConfigMap.class)";
    lines[1] = "@LeaderElection";
    lines[2] = "@Sharded({";
    System.arraycopy(shardLines, 0, lines, 3, shardLines.length);
    lines[shardLines.length + 3] = "})";
    lines[shardLines.length + 4] = "public class FooReconciler implements Reconciler<ConfigMap> {";
    lines[shardLines.length + 5] = reconcile("ConfigMap");
    lines[shardLines.length + 6] = "}";
    return file("FooReconciler", lines);
  }

  @Test
  void shardedWithoutLeaderElectionIsRefused() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(resource = ConfigMap.class)",
            "@Sharded(@Shard(name = \"a\", namespaces = \"a\"))",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardedWithoutLeaderElection] @Sharded needs @LeaderElection: every shard"
                + " elects its own leader through its own Lease. Add @LeaderElection to"
                + " FooReconciler")
        .inFile(f)
        .onLineContaining("@Sharded(");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void shardedTogetherWithAControllerScopeIsRefused() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    labelSelector = \"app=web\")",
            "@LeaderElection",
            "@Sharded(@Shard(name = \"a\", namespaces = \"a\"))",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ShardedScope] @Controller(labelSelector) cannot be combined with @Sharded:"
                + " the shards define what each instance watches, so move the scope into the"
                + " @Shard declarations")
        .inFile(f)
        .onLineContaining("labelSelector = \"app=web\"");
  }

  @Test
  void noShardsIsRefused() {
    JavaFileObject f = sharded();
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ShardName] @Sharded lists no shards: declare at least one @Shard")
        .inFile(f)
        .onLineContaining("@Sharded({");
  }

  @Test
  void emptyInvalidAndRepeatedShardNamesAreRefused() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"\", namespaces = \"a\"),",
            "    @Shard(name = \"Team_B\", namespaces = \"b\"),",
            "    @Shard(name = \"c\", namespaces = \"c\"),",
            "    @Shard(name = \"c\", namespaces = \"d\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining("[kopgen/ShardName] shard name: '' is not a valid Kubernetes name")
        .inFile(f)
        .onLineContaining("name = \"\"");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardName] shard name: 'Team_B' is not a valid Kubernetes name")
        .inFile(f)
        .onLineContaining("name = \"Team_B\"");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardName] two shards are named 'c': shard names must be unique, since they"
                + " name each shard's Lease and Deployment")
        .inFile(f)
        .onLineContaining("namespaces = \"d\"");
    assertThat(c).hadErrorCount(3);
  }

  @Test
  void shardWithBothOrNeitherScopeIsRefused() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"both\", namespaces = \"a\", labelSelector = \"shard=a\"),",
            "    @Shard(name = \"neither\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardScope] shard 'both' sets both namespaces and labelSelector: a shard has"
                + " exactly one kind of scope; split it into two shards or drop one")
        .inFile(f)
        .onLineContaining("name = \"both\"");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardScope] shard 'neither' sets neither namespaces nor labelSelector: give it"
                + " the namespaces or the label selector it watches")
        .inFile(f)
        .onLineContaining("name = \"neither\"");
  }

  @Test
  void shardsSharingANamespaceAreRefusedNamingBoth() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"a\", namespaces = {\"shared\", \"team-a\"}),",
            "    @Shard(name = \"b\", namespaces = {\"team-b\",",
            "                                     \"shared\"})");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardOverlap] shards 'a' and 'b' both watch namespace 'shared': its objects"
                + " would have two leaders reconciling them at once; give each namespace to"
                + " exactly one shard")
        .inFile(f)
        .onLineContaining("\"shared\"})");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void shardNamespacesAreCheckedLikeNamespaces() {
    JavaFileObject f = sharded("    @Shard(name = \"a\", namespaces = {\"ok\", \"Not_OK\"})");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/Namespace] shard 'a': namespace 'Not_OK' is not a valid Kubernetes name")
        .inFile(f)
        .onLineContaining("\"Not_OK\"");
  }

  @Test
  void shardsWithTheSameSelectorAreRefused() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"a\", labelSelector = \"tier=web,shard in (a, b)\"),",
            "    @Shard(name = \"b\", labelSelector = \"shard in (b,a), tier = web\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ShardOverlap] shards 'a' and 'b' can select the same object: \"tier=web,shard"
                + " in (a, b)\" and \"shard in (b,a), tier = web\" exclude each other on no label"
                + " key, so an object matching both would have two leaders reconciling it at once;"
                + " give every shard the same label key with a different value, e.g. shard=a and"
                + " shard=b")
        .inFile(f)
        .onLineContaining("name = \"b\"");
  }

  @Test
  void differentSelectorsOnDifferentKeysAreRefusedBecauseOneObjectCanMatchBoth() {
    // An object labelled shard=a and team=x matches both: distinct is not disjoint.
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"a\", labelSelector = \"shard=a\"),",
            "    @Shard(name = \"b\", labelSelector = \"shard=b\"),",
            "    @Shard(name = \"x\", labelSelector = \"team=x\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardOverlap] shards 'a' and 'x' can select the same object: \"shard=a\" and"
                + " \"team=x\" exclude each other on no label key")
        .inFile(f)
        .onLineContaining("name = \"x\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void selectorsExcludingEachOtherOnOneKeyAreAcceptedWhateverElseTheyRequire() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"web\", labelSelector = \"tier in (web,edge),team=x\"),",
            "    @Shard(name = \"rest\", labelSelector = \"tier notin (web,edge)\"),",
            "    @Shard(name = \"db\", labelSelector = \"tier=db,!gpu\"),",
            "    @Shard(name = \"gpu\", labelSelector = \"gpu,tier=db\")");
    // rest excludes web on tier, but allows tier=db: db and gpu both overlap it. db and gpu
    // exclude each other on the key gpu.
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/ShardOverlap] shards 'rest' and 'db' can select the same object")
        .inFile(f)
        .onLineContaining("name = \"db\"");
    assertThat(c).hadErrorCount(2);

    JavaFileObject ok =
        sharded(
            "    @Shard(name = \"web\", labelSelector = \"tier in (web,edge),team=x\"),",
            "    @Shard(name = \"rest\", labelSelector = \"tier notin (web,edge,db)\"),",
            "    @Shard(name = \"db\", labelSelector = \"tier=db,!gpu\"),",
            "    @Shard(name = \"gpu\", labelSelector = \"gpu,tier=db\")");
    assertThat(compile(ok)).succeededWithoutWarnings();
  }

  @Test
  void malformedShardSelectorIsRefused() {
    JavaFileObject f = sharded("    @Shard(name = \"a\", labelSelector = \"shard in ()\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/LabelSelector] shard 'a' labelSelector \"shard in ()\": 'shard in ()' has an"
                + " empty value set")
        .inFile(f)
        .onLineContaining("name = \"a\"");
  }

  @Test
  void mixingNamespaceAndSelectorShardsIsRefused() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"by-ns\", namespaces = \"team-a\"),",
            "    @Shard(name = \"by-label\", labelSelector = \"shard=b\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/MixedShardKinds] shard 'by-label' selects by label while shard 'by-ns'"
                + " selects by namespace: kopgen cannot prove such scopes disjoint")
        .inFile(f)
        .onLineContaining("name = \"by-label\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void distinctSelectorShardsAreAccepted() {
    JavaFileObject f =
        sharded(
            "    @Shard(name = \"a\", labelSelector = \"shard=a\"),",
            "    @Shard(name = \"b\", labelSelector = \"shard=b\")");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains(".shard(new ShardSpec(\"b\", List.of(), \"shard=b\"))");
  }
}
