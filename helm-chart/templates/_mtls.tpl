{{/*
Mutual TLS between the services (values: mtls, certManager). Each service mounts its own certificate
(tls.crt, tls.key, ca.crt) and the kit switches every gRPC server and client to mutual TLS, checking
callers by the SPIFFE ID in their certificate against the server's ALLOWED_CALLERS. Off by default: the original's plaintext wire.
*/}}

{{/* The Secret holding service .name's certificate: cert-manager writes it, or it already exists. */}}
{{- define "boutique.mtlsSecretName" -}}
{{ index .root.Values.mtls.existingSecrets .name | default (printf "%s-mtls" .name) }}
{{- end }}

{{/*
The SPIFFE ID of service .name: spiffe://<trust domain>/ns/<namespace>/sa/<service name>. The service
name (which is also its ServiceAccount's when serviceAccounts.create) is what callers are checked by.
*/}}
{{- define "boutique.spiffeId" -}}
spiffe://{{ .root.Values.mtls.trustDomain }}/ns/{{ .root.Release.Namespace }}/sa/{{ .name }}
{{- end }}

{{/*
Env entries for service .name (nothing when mTLS is off). .server adds the plaintext health port and
ALLOWED_CALLERS: the names of the service's callers in boutique.callGraph, the table the
NetworkPolicies and AuthorizationPolicies are drawn from, so all three allow the same calls.
*/}}
{{- define "boutique.mtlsEnv" -}}
{{- if .root.Values.mtls.enabled }}
- name: TLS_DIR
  value: {{ .root.Values.mtls.mountPath | quote }}
- name: TLS_REFRESH_INTERVAL
  value: {{ .root.Values.mtls.refreshInterval | quote }}
{{- if .server }}
- name: HEALTH_PORT
  value: {{ .root.Values.mtls.healthPort | quote }}
{{- $root := .root }}
{{- $name := .name }}
{{- range $key, $callee := fromYaml (include "boutique.callGraph" $root) }}
{{- if eq (index $root.Values $key).name $name }}
{{- $callers := list }}
{{- range $callee.callers }}
{{- $callers = append $callers (index $root.Values .).name }}
{{- end }}
- name: ALLOWED_CALLERS
  value: {{ join "," $callers | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The container's volumeMounts entry for the certificate (nothing when mTLS is off). */}}
{{- define "boutique.mtlsVolumeMount" -}}
{{- if .root.Values.mtls.enabled }}
- name: mtls
  mountPath: {{ .root.Values.mtls.mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The pod's volumes entry for the certificate Secret (nothing when mTLS is off). */}}
{{- define "boutique.mtlsVolume" -}}
{{- if .root.Values.mtls.enabled }}
- name: mtls
  secret:
    secretName: {{ include "boutique.mtlsSecretName" . }}
{{- end }}
{{- end }}

{{/* The port the kubelet's gRPC probes use: the plaintext health port under mTLS (probes cannot speak TLS). */}}
{{- define "boutique.probePort" -}}
{{ if .root.Values.mtls.enabled }}{{ .root.Values.mtls.healthPort }}{{ else }}{{ .port }}{{ end }}
{{- end }}
