/**
 * The plugin's plain-Java core for manifests, in three steps: {@link
 * dev.kopgen.manifests.SettingsCheck} returns every problem of the settings; {@link
 * dev.kopgen.manifests.ManifestGenerator#plan} decides every value with the rules of {@code
 * dev.kopgen.rules}, one public {@link dev.kopgen.manifests.WorkloadPlan} per Deployment; {@link
 * dev.kopgen.manifests.ManifestYaml} renders the plan and decides nothing. Never imports {@code
 * org.apache.maven}.
 */
package dev.kopgen.manifests;
