def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('kopgen: Jib would not build the image the Deployment runs:\n')
// Maven prefixes each further line of the message with [ERROR].
assert log.contains("[ERROR]   - the property 'image' (registry.example.com/other:2.0) would make Jib"
    + ' build another image than the Deployment runs (registry.example.com/elected-operator:1.0.0):'
    + ' set the image with -Dkopgen.image=registry.example.com/other:2.0 (or <image> of'
    + ' kopgen-maven-plugin) instead\n')
assert !log.contains('\tat ') : 'a configuration error must not print a stack trace'
// Failed before writing anything: no manifests that disagree with the image.
assert !new File(basedir, 'target/kubernetes').exists()
return true
