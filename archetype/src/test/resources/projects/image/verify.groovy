// Runs after the generated project's `mvn package -Pimage -DimageGoal=buildTar ...` passed (see
// goal.txt): opens the image Jib wrote to target/jib-image.tar, in the format of `docker save`,
// and checks it is the image the generated manifests describe: the same name, the entry point
// run with the JVM flags of dev.kopgen.rules.ImageRules, the Deployment's non-root user, the
// project's classes and dependencies in the app layers, the base image's layer below them.
// Not checked here, because this machine has no Docker daemon, registry or network: pulling the
// real base image (eclipse-temurin:17-jre by default) and starting a container from the image.
import java.security.MessageDigest
import java.util.zip.GZIPInputStream

def projectDir = context.projectDir
def target = new File(projectDir, 'target')

// --- a ustar/pax tar reader and a small JSON reader: the JDK has neither ---------------------
def readTar = { byte[] bytes ->
  def files = [:]            // name -> [bytes: byte[], mode: int], in archive order
  int at = 0
  String nextName = null
  while (at + 512 <= bytes.length) {
    byte[] h = Arrays.copyOfRange(bytes, at, at + 512)
    if (h.every { it == 0 }) break
    def field = { int off, int len -> new String(h, off, len, 'US-ASCII').replaceAll(/\x00.*$/, '').trim() }
    String name = field(0, 100)
    String prefix = field(345, 155)
    if (prefix) name = prefix + '/' + name
    long size = Long.parseLong(field(124, 12) ?: '0', 8)
    int mode = Integer.parseInt(field(100, 8) ?: '0', 8)
    char type = (char) h[156]
    byte[] data = Arrays.copyOfRange(bytes, at + 512, (int) (at + 512 + size))
    at += 512 + (int) ((size + 511).intdiv(512) * 512)
    if (type == 'x' as char) {          // pax header: a long path for the next entry
      def m = new String(data, 'UTF-8') =~ /(?m)^\d+ path=(.*)$/
      if (m.find()) nextName = m.group(1)
      continue
    }
    if (type == 'L' as char) {          // GNU long name
      nextName = new String(data, 'UTF-8').replaceAll(/\x00.*$/, '')
      continue
    }
    if (nextName != null) { name = nextName; nextName = null }
    if (type == '0' as char || type == (char) 0) files[name.replaceFirst('^\\./', '').replaceFirst('^/', '')] = [bytes: data, mode: mode]
  }
  files
}

def parseJson
parseJson = { String s ->
  int i = 0
  def ws = { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++ }
  def value
  def str = {
    assert s.charAt(i) == '"' as char
    i++
    def sb = new StringBuilder()
    while (s.charAt(i) != '"' as char) {
      char c = s.charAt(i++)
      if (c == '\\' as char) {
        char e = s.charAt(i++)
        switch (e) {
          case 'n': sb.append('\n'); break
          case 't': sb.append('\t'); break
          case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break
          default: sb.append(e)
        }
      } else {
        sb.append(c)
      }
    }
    i++
    sb.toString()
  }
  value = {
    ws()
    char c = s.charAt(i)
    if (c == '{' as char) {
      i++; def m = [:]; ws()
      if (s.charAt(i) == '}' as char) { i++; return m }
      while (true) { ws(); def k = str(); ws(); assert s.charAt(i++) == ':' as char; m[k] = value(); ws(); if (s.charAt(i++) == '}' as char) return m }
    }
    if (c == '[' as char) {
      i++; def l = []; ws()
      if (s.charAt(i) == ']' as char) { i++; return l }
      while (true) { l << value(); ws(); if (s.charAt(i++) == ']' as char) return l }
    }
    if (c == '"' as char) return str()
    def m = (s.substring(i) =~ /^(true|false|null|-?[0-9.eE+-]+)/)
    assert m.find()
    i += m.group(1).length()
    switch (m.group(1)) { case 'true': return true; case 'false': return false; case 'null': return null; default: return new BigDecimal(m.group(1)) }
  }
  value()
}

def sha256 = { byte[] b -> MessageDigest.getInstance('SHA-256').digest(b).encodeHex().toString() }
def gunzip = { byte[] b -> new GZIPInputStream(new ByteArrayInputStream(b)).bytes }

// --- what the manifests say --------------------------------------------------------------------
def deployment = new File(target, 'kubernetes/deployment.yaml').text
def deployedImage = (deployment =~ /(?m)^\s+image: (\S+)$/)[0][1]
def runAsUser = (deployment =~ /(?m)^\s+runAsUser: (\d+)/)[0][1]
def runAsGroup = (deployment =~ /(?m)^\s+runAsGroup: (\d+)/)[0][1]
assert deployedImage == 'registry.example.com/acme/ledger-operator:2.1.0-rc1'  // -Dkopgen.image
assert deployment.contains('# the JVM takes up to 50 % of this for its heap (-XX:MaxRAMPercentage=50 in JAVA_TOOL_OPTIONS)')

// --- the image ---------------------------------------------------------------------------------
def imageTar = new File(target, 'jib-image.tar')
assert imageTar.isFile()
def image = readTar(imageTar.bytes)
def manifest = parseJson(new String(image['manifest.json'].bytes, 'UTF-8'))[0]
def config = parseJson(new String(image[manifest.Config].bytes, 'UTF-8'))

// The name: the reference the Deployment runs.
assert manifest.RepoTags == [deployedImage]

// The layers: uncompressed, keyed by their diff id as the config lists them.
def layers = manifest.Layers.collect { readTar(gunzip(image[it].bytes)) }
def diffIds = manifest.Layers.collect { 'sha256:' + sha256(gunzip(image[it].bytes)) }
assert config.rootfs.diff_ids == diffIds
// The base image's layer comes first, unchanged, and its config is kept where kopgen sets nothing.
assert layers[0].keySet() == ['kopgen-test-base/README'] as Set
assert config.config.Labels['dev.kopgen.test-base'] == 'true'

// Everything the application needs is in the layers above the base, readable by any user.
def app = [:]
layers.drop(1).each { app.putAll(it) }
def appFile = { String prefix -> app.keySet().find { it.startsWith(prefix) } }
[
  'app/classes/org/acme/ledger/KopgenOperator.class',
  'app/classes/org/acme/ledger/LedgerSyncReconciler.class',
  'app/resources/META-INF/kopgen/operator.properties',
  'app/libs/kopgen-runtime-lite-',
  'app/libs/kubernetes-client-api-',
  'app/libs/slf4j-simple-',
  'app/jib-classpath-file',
].each { prefix ->
  def name = appFile(prefix)
  assert name != null : "no ${prefix}* in the image's app layers: ${app.keySet().sort()}"
  assert (app[name].mode & 0444) == 0444 : "${name} is not readable by the non-root user: mode ${Integer.toOctalString(app[name].mode)}"
}
// Test dependencies stay out.
assert appFile('app/libs/kopgen-it-') == null
assert appFile('app/libs/junit-') == null

// The user: the Deployment's runAsUser and runAsGroup, replacing the base's root.
assert config.config.User == "${runAsUser}:${runAsGroup}".toString()
assert config.config.User == '65532:65532'

// The entry point: java, the JVM flags the Deployment's JAVA_TOOL_OPTIONS carries (kopgen's
// ImageRules.jvmSettings for its limits; one list, so the two never disagree), which include the
// default flags of the ImageRules inside this very image, then the main class.
def runtimeJar = File.createTempFile('kopgen-runtime-lite', '.jar')
runtimeJar.deleteOnExit()
runtimeJar.bytes = app[appFile('app/libs/kopgen-runtime-lite-')].bytes
def rules = new URLClassLoader([runtimeJar.toURI().toURL()] as URL[], (ClassLoader) null).loadClass('dev.kopgen.rules.ImageRules')
def toolOptions = (deployment =~ /- name: JAVA_TOOL_OPTIONS\n\s+value: "([^"]+)"/)
assert toolOptions.find()
List<String> flags = toolOptions.group(1).split(' ') as List
assert flags.containsAll(rules.getMethod('jvmFlagStrings').invoke(null))
def entrypoint = config.config.Entrypoint
assert entrypoint[0] == 'java'
assert entrypoint.subList(1, 1 + flags.size()) == flags
assert entrypoint.last() == 'org.acme.ledger.KopgenOperator'
assert new String(app['app/jib-main-class-file']?.bytes ?: new byte[0], 'UTF-8').trim() in ['', 'org.acme.ledger.KopgenOperator']

// The generated README names the command (its headings survive Velocity: ## is its comment).
def readme = new File(projectDir, 'README.md').text
assert readme.contains('\n## Container image\n')
assert readme.contains('    mvn package -Pimage -Dkopgen.image=<registry>/<repository>:<tag>\n')

println "[figure] image ${manifest.RepoTags[0]}: ${layers.size()} layers, ${(imageTar.length() / 1024 / 1024).round(1)} MiB, user ${config.config.User}, entrypoint ${entrypoint.join(' ')}"
return true
