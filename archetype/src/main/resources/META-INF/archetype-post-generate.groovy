// Checks the properties after archetype:generate wrote the project, so that a value that cannot
// work fails here, saying what to pass instead, rather than as a compile or manifest error later.
// On failure the half-made project directory is removed. archetype:generate never writes into an
// existing directory, so the directory is this run's own.

def properties = request.properties
def projectDir = new File(request.outputDirectory, request.artifactId)
def problems = []

def javaKeywords = ('abstract assert boolean break byte case catch char class const continue default do'
    + ' double else enum extends final finally float for goto if implements import instanceof int'
    + ' interface long native new package private protected public return short static strictfp super'
    + ' switch synchronized this throw throws transient try void volatile while true false null'
    + ' _ record sealed permits yield var').split(' ') as Set

def artifactId = request.artifactId
if (!(artifactId ==~ /[a-z0-9]([-a-z0-9]*[a-z0-9])?/) || artifactId.length() > 63) {
  problems << ("artifactId '" + artifactId + "' must be a DNS-1123 label (lowercase letters, digits"
      + " and '-', at most 63 characters): it names the operator's namespace, ServiceAccount and"
      + " Deployment.")
}

def pkg = request.getPackage()
def segments = pkg.split('\\.', -1) as List
if (segments.any { !(it ==~ /[A-Za-z_][A-Za-z0-9_]*/) || it in javaKeywords }) {
  def suggestion = segments.collect { it.toLowerCase().replaceAll('[^a-z0-9_]', '') }
      .findAll { it && !(it in javaKeywords) && !Character.isDigit(it.charAt(0)) }.join('.')
  problems << ("package '" + pkg + "' is not a Java package name (it defaults to the groupId): pass"
      + " -Dpackage=" + (suggestion ?: 'com.example.operator') + ".")
}

def kind = properties.getProperty('resourceKind')
if (!(kind ==~ /[A-Z][A-Za-z0-9]*/)) {
  problems << ("resourceKind '" + kind + "' must be a Java class name in UpperCamelCase, like"
      + " WebApp: it names the custom resource's kind and its classes.")
} else {
  // A kind named like a class the generated code uses would shadow it and break compilation.
  def clashes = [] as SortedSet
  if (kind == 'KopgenOperator') {
    clashes << ('the generated ' + pkg + '.KopgenOperator')
  }
  try {
    Class.forName('java.lang.' + kind)
    clashes << ('java.lang.' + kind)
  } catch (ClassNotFoundException ignored) {
    // not a java.lang class: fine
  }
  projectDir.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    if (file.name.endsWith('.java')) {
      file.eachLine { line ->
        def imported = (line =~ /^import\s+([\w.]+)\.(\w+);/)
        if (imported.find() && imported.group(2) == kind) {
          clashes << (imported.group(1) + '.' + kind)
        }
      }
    }
  }
  if (clashes) {
    problems << ("resourceKind '" + kind + "' is also the name of " + clashes.join(', ')
        + ", which the generated code uses: choose another kind.")
  }
}

def group = properties.getProperty('resourceGroup')
if (!(group ==~ /[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+/)
    || group.length() > 253) {
  problems << ("resourceGroup '" + group + "' must be a DNS subdomain with at least one dot, like"
      + " example.com: Kubernetes requires it of a custom resource's API group.")
}

if (problems) {
  projectDir.deleteDir()
  throw new IllegalArgumentException("kopgen-archetype: cannot generate " + artifactId + ":\n  - "
      + problems.join("\n  - ") + "\nNothing was generated.")
}
