{{/* The image of one of our services: <images.repository>/<service>:<images.tag or appVersion>. */}}
{{- define "boutique.image" -}}
{{ .root.Values.images.repository }}/{{ .service }}:{{ .root.Values.images.tag | default .root.Chart.AppVersion }}
{{- end }}

{{/* The ServiceAccount a pod runs as. */}}
{{- define "boutique.serviceAccountName" -}}
{{ if .root.Values.serviceAccounts.create }}{{ .name }}{{ else }}default{{ end }}
{{- end }}

{{/* A ServiceAccount named .name, with the configured annotations. */}}
{{- define "boutique.serviceAccount" -}}
{{- if .root.Values.serviceAccounts.create }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    app: {{ .name }}
  {{- $sa := .root.Values.serviceAccounts }}
  {{- if and $sa.annotations (or (not $sa.annotationsOnlyForCartservice) (eq .name .root.Values.cartService.name)) }}
  annotations:
    {{- toYaml $sa.annotations | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}

{{/* The pod-level security context (the original's uid/gid 1000) and seccomp profile. */}}
{{- define "boutique.podSecurityContext" -}}
{{- if or .Values.securityContext.enable .Values.seccompProfile.enable }}
securityContext:
  {{- if .Values.securityContext.enable }}
  fsGroup: 1000
  runAsGroup: 1000
  runAsNonRoot: true
  runAsUser: 1000
  {{- end }}
  {{- if .Values.seccompProfile.enable }}
  seccompProfile:
    type: {{ .Values.seccompProfile.type }}
  {{- end }}
{{- end }}
{{- end }}

{{/* The container-level security context every container gets. */}}
{{- define "boutique.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  privileged: false
  readOnlyRootFilesystem: true
{{- end }}

{{/* True (non-empty) when the services export telemetry over OTLP. */}}
{{- define "boutique.tracingOn" -}}
{{- if or .Values.tracing.enabled .Values.opentelemetryCollector.create }}true{{ end }}
{{- end }}

{{/* The OTLP/gRPC collector address the services export to. */}}
{{- define "boutique.collectorAddr" -}}
{{ .Values.tracing.collectorAddr | default (printf "%s:4317" .Values.opentelemetryCollector.name) }}
{{- end }}

{{/* Env entries that switch tracing on for service .name (nothing when tracing is off). */}}
{{- define "boutique.tracingEnv" -}}
{{- if include "boutique.tracingOn" .root }}
- name: ENABLE_TRACING
  value: "1"
- name: COLLECTOR_SERVICE_ADDR
  value: {{ include "boutique.collectorAddr" .root | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ .name | quote }}
{{- end }}
{{- end }}

{{/*
Deployment + Service + ServiceAccount of one gRPC service. Arguments (a dict):
  root: the chart's root context; svc: the service's values block (name, resources);
  port: container port; servicePort: Service port (defaults to port);
  env: list of {name, value} beyond PORT; readiness / liveness: extra probe fields (dicts);
  volumes / volumeMounts: lists for the pod and its container; podAnnotations: a dict (all optional).
*/}}
{{- define "boutique.grpcService" -}}
{{- $root := .root }}
{{- $name := .svc.name }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    app: {{ $name }}
spec:
  selector:
    matchLabels:
      app: {{ $name }}
  template:
    metadata:
      labels:
        app: {{ $name }}
      {{- with .podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "boutique.serviceAccountName" (dict "root" $root "name" $name) }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      {{- with include "boutique.podSecurityContext" $root | trim }}
      {{- . | nindent 6 }}
      {{- end }}
      containers:
        - name: server
          image: {{ include "boutique.image" (dict "root" $root "service" $name) }}
          {{- include "boutique.containerSecurityContext" $root | nindent 10 }}
          ports:
            - name: grpc
              containerPort: {{ .port }}
          env:
            - name: PORT
              value: {{ .port | quote }}
            - name: SHUTDOWN_DELAY
              value: {{ $root.Values.shutdownDelay | quote }}
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with .svc.faults }}
            - name: FAULTS
              value: {{ . | quote }}
            {{- end }}
            {{- if $root.Values.faultInjection.configMap }}
            - name: FAULTS_FILE
              value: /etc/faults/{{ $name }}
            {{- end }}
            {{- with include "boutique.tracingEnv" (dict "root" $root "name" $name) | trim }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with include "boutique.mtlsEnv" (dict "root" $root "name" $name "server" true) | trim }}
            {{- . | nindent 12 }}
            {{- end }}
          readinessProbe:
            grpc:
              port: {{ include "boutique.probePort" (dict "root" $root "port" .port) }}
            {{- with .readiness }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          livenessProbe:
            grpc:
              port: {{ include "boutique.probePort" (dict "root" $root "port" .port) }}
            {{- with .liveness }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- $mounts := .volumeMounts | default list }}
          {{- $volumes := .volumes | default list }}
          {{- with $root.Values.faultInjection.configMap }}
          {{- /* optional: the rules can be created, edited and removed while the pods run */}}
          {{- $mounts = append $mounts (dict "name" "faults" "mountPath" "/etc/faults" "readOnly" true) }}
          {{- $volumes = append $volumes (dict "name" "faults" "configMap" (dict "name" . "optional" true)) }}
          {{- end }}
          {{- $mtlsMount := include "boutique.mtlsVolumeMount" (dict "root" $root) | trim }}
          {{- if or $mounts $mtlsMount }}
          volumeMounts:
            {{- with $mounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $mtlsMount }}
            {{- . | nindent 12 }}
            {{- end }}
          {{- end }}
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
      {{- $mtlsVolume := include "boutique.mtlsVolume" (dict "root" $root "name" $name) | trim }}
      {{- if or $volumes $mtlsVolume }}
      volumes:
        {{- with $volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $mtlsVolume }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    app: {{ $name }}
spec:
  type: ClusterIP
  selector:
    app: {{ $name }}
  ports:
    - name: grpc
      port: {{ .servicePort | default .port }}
      targetPort: {{ .port }}
{{- if $root.Values.headlessServices.create }}
---
{{- /*
Beside the original's ClusterIP Service (whose clusterIP cannot change in an upgrade): its name
resolves to every ready pod, so callers spread calls over all replicas instead of sticking to one.
Clients connect to pod IPs directly, so the port is the container port.
*/}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-headless
  namespace: {{ $root.Release.Namespace }}
  labels:
    app: {{ $name }}
spec:
  clusterIP: None
  selector:
    app: {{ $name }}
  ports:
    - name: grpc
      port: {{ .port }}
      targetPort: {{ .port }}
{{- end }}
{{- include "boutique.serviceAccount" (dict "root" $root "name" $name) }}
{{- end }}

{{/*
The address a caller is given for gRPC service .svc (its values block): with headlessServices.create,
dns:///<name>-headless:<container port>, which grpc-js resolves to every ready pod; otherwise the
original's <name>:<Service port>. Arguments (a dict): root, svc, port, servicePort (defaults to port).
*/}}
{{- define "boutique.grpcAddr" -}}
{{- if .root.Values.headlessServices.create -}}
dns:///{{ .svc.name }}-headless:{{ .port }}
{{- else -}}
{{ .svc.name }}:{{ .servicePort | default .port }}
{{- end }}
{{- end }}

{{/*
Who calls whom (the original's caller → callee table): for each callee, its values key, container
port, the values keys of its callers, and the gRPC methods they may use.
*/}}
{{- define "boutique.callGraph" -}}
adService:
  port: 9555
  callers: [frontend]
  methods: [hipstershop.AdService/GetAds]
cartService:
  port: 7070
  callers: [frontend, checkoutService]
  methods: [hipstershop.CartService/AddItem, hipstershop.CartService/GetCart, hipstershop.CartService/EmptyCart]
checkoutService:
  port: 5050
  callers: [frontend]
  methods: [hipstershop.CheckoutService/PlaceOrder]
currencyService:
  port: 7000
  callers: [frontend, checkoutService]
  methods: [hipstershop.CurrencyService/Convert, hipstershop.CurrencyService/GetSupportedCurrencies]
emailService:
  port: 8080
  callers: [checkoutService]
  methods: [hipstershop.EmailService/SendOrderConfirmation]
paymentService:
  port: 50051
  callers: [checkoutService]
  methods: [hipstershop.PaymentService/Charge]
productCatalogService:
  port: 3550
  callers: [frontend, checkoutService, recommendationService]
  methods: [hipstershop.ProductCatalogService/GetProduct, hipstershop.ProductCatalogService/ListProducts, hipstershop.ProductCatalogService/SearchProducts]
recommendationService:
  port: 8080
  callers: [frontend]
  methods: [hipstershop.RecommendationService/ListRecommendations]
shippingService:
  port: 50051
  callers: [frontend, checkoutService]
  methods: [hipstershop.ShippingService/GetQuote, hipstershop.ShippingService/ShipOrder]
{{- end }}

{{/*
The external Redis the cart reaches over TLS (cartDatabase.externalRedisTlsOrigination), as a dict:
address and port (endpointAddress / endpointPort, else the parts of connectionString), whether the
address is an IPv4 literal, and the host name the Istio ServiceEntry declares it under (<name>.<namespace>
for an IP, as the original chart named it; the name itself otherwise).
*/}}
{{- define "boutique.externalRedis" -}}
{{- $db := .Values.cartDatabase }}
{{- $tls := $db.externalRedisTlsOrigination }}
{{- $address := $tls.endpointAddress | default (regexReplaceAll ":[0-9]+$" $db.connectionString "") }}
{{- $port := toString $tls.endpointPort | default (regexFind "[0-9]+$" $db.connectionString) }}
{{- $isIp := regexMatch "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" $address }}
address: {{ $address | quote }}
port: {{ $port | atoi }}
isIp: {{ $isIp }}
host: {{ ternary (printf "%s.%s" $tls.name .Release.Namespace) $address $isIp | quote }}
{{- end }}
