def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('incompatible types: java.lang.String cannot be converted to int')
// kopgen wrote its sources and descriptor during processing; the failed compilation took them back.
assert !new File(basedir, 'target/classes/META-INF/kopgen/operator.properties').exists()
def generated = new File(basedir, 'target/generated-sources/annotations')
def leftovers = []
if (generated.exists()) {
  generated.eachFileRecurse { if (it.name.endsWith('.java')) leftovers << it }
}
assert leftovers.isEmpty() : "generated sources left after a failed compile: ${leftovers}"
assert !new File(basedir, 'target/kubernetes').exists()
return true
