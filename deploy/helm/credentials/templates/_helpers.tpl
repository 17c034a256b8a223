{{/*
Shared definitions of the Credentials chart. Every per-service template calls one of these with
(dict "root" $ "name" "<service>"). Inside them $v is always the chart's .Values and $svc always
.Values.services.<service>; the deployment tests resolve these two variables when they check that every value a
template uses is declared in values.schema.json and present in values.yaml.
*/}}

{{- define "credentials.name" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "credentials.selectorLabels" -}}
app.kubernetes.io/name: credentials
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "credentials.labels" -}}
{{ include "credentials.selectorLabels" . }}
app.kubernetes.io/part-of: credentials
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "credentials.image" -}}
{{- $v := .root.Values -}}
{{- printf "%s/%s/%s:%s" $v.image.registry $v.image.repository .name (default .root.Chart.AppVersion $v.image.tag) -}}
{{- end -}}

{{/* Environment of a service's container (and of its migrate Job): every setting the service reads. */}}
{{- define "credentials.env" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
- name: ASPNETCORE_ENVIRONMENT
  value: {{ $v.environment | quote }}
- name: Tls__ListenAddress
  value: "0.0.0.0"
- name: Tls__Port
  value: {{ $v.grpcPort | quote }}
- name: Tls__CertificatePath
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.certificateKey | quote }}
- name: Tls__KeyPath
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.privateKeyKey | quote }}
- name: Tls__ClientCaPath
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.caKey | quote }}
- name: Health__Port
  value: {{ $v.health.port | quote }}
- name: Postgres__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ $svc.postgres.existingSecret | quote }}
      key: {{ $v.postgres.connectionStringKey | quote }}
{{- if $svc.s3.enabled }}
- name: S3__Endpoint
  value: {{ $v.s3.endpoint | quote }}
- name: S3__Region
  value: {{ $v.s3.region | quote }}
- name: S3__UseTls
  value: {{ $v.s3.useTls | quote }}
- name: S3__Bucket
  value: {{ $svc.s3.bucket | quote }}
{{- if $v.s3.existingSecret }}
- name: S3__AccessKey
  valueFrom:
    secretKeyRef:
      name: {{ $v.s3.existingSecret | quote }}
      key: {{ $v.s3.accessKeyKey | quote }}
- name: S3__SecretKey
  valueFrom:
    secretKeyRef:
      name: {{ $v.s3.existingSecret | quote }}
      key: {{ $v.s3.secretKeyKey | quote }}
{{- end }}
{{- end }}
{{- if $svc.kafka.enabled }}
- name: Kafka__BootstrapServers
  value: {{ $v.kafka.bootstrapServers | quote }}
- name: Kafka__SecurityProtocol
  value: {{ $v.kafka.securityProtocol | quote }}
{{- if $v.kafka.saslMechanism }}
- name: Kafka__SaslMechanism
  value: {{ $v.kafka.saslMechanism | quote }}
{{- end }}
{{- if $v.kafka.existingSecret }}
- name: Kafka__SaslUsername
  valueFrom:
    secretKeyRef:
      name: {{ $v.kafka.existingSecret | quote }}
      key: {{ $v.kafka.usernameKey | quote }}
- name: Kafka__SaslPassword
  valueFrom:
    secretKeyRef:
      name: {{ $v.kafka.existingSecret | quote }}
      key: {{ $v.kafka.passwordKey | quote }}
{{- end }}
{{- if $v.kafka.caSecret }}
- name: Kafka__SslCaLocation
  value: {{ printf "/etc/credentials/kafka-ca/%s" $v.kafka.caKey | quote }}
{{- end }}
{{- end }}
{{- if $svc.hsm.enabled }}
- name: KeyVault__ModulePath
  value: {{ $v.hsm.modulePath | quote }}
- name: KeyVault__TokenLabel
  value: {{ $svc.hsm.tokenLabel | quote }}
- name: KeyVault__PinFile
  value: {{ printf "/etc/credentials/hsm-pin/%s" $v.hsm.pinKey | quote }}
{{- if $v.hsm.configEnvName }}
- name: {{ $v.hsm.configEnvName }}
  value: {{ printf "%s/%s" $v.hsm.configMountPath $v.hsm.configFile | quote }}
{{- end }}
{{- end }}
{{- if $svc.redis.enabled }}
- name: Redis__Configuration
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.existingSecret | quote }}
      key: {{ $v.redis.configurationKey | quote }}
{{- if $v.redis.caSecret }}
- name: Redis__CaPath
  value: {{ printf "/etc/credentials/redis-ca/%s" $v.redis.caKey | quote }}
{{- end }}
{{- end }}
{{- $prefixes := dict "document-signer/csca" "DocumentSigner__Csca" "dtc/trust-anchor" "Dtc__TrustAnchor" "dtc/csca" "Dtc__Csca" }}
{{- range $callee := $svc.calls }}
{{- $prefix := get $prefixes (printf "%s/%s" $.name $callee) }}
{{- if $prefix }}
- name: {{ printf "%sEndpoint" $prefix }}
  value: {{ printf "https://%s:%v" (include "credentials.name" (dict "root" $.root "name" $callee)) $v.grpcPort | quote }}
- name: {{ printf "%sClientCertificatePath" $prefix }}
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.certificateKey | quote }}
- name: {{ printf "%sClientKeyPath" $prefix }}
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.privateKeyKey | quote }}
- name: {{ printf "%sCaPath" $prefix }}
  value: {{ printf "%s/%s" $v.tls.mountPath $v.tls.caKey | quote }}
{{- end }}
{{- end }}
{{- range $name, $value := $svc.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $ref := $svc.extraSecretEnv }}
- name: {{ $ref.name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secretName | quote }}
      key: {{ $ref.key | quote }}
{{- end }}
{{- end -}}

{{/* Volume mounts: /tmp, TLS, and per dependency its CA, the HSM module, configuration and PIN (all read-only). */}}
{{- define "credentials.volumeMounts" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
- name: tmp
  mountPath: /tmp
- name: tls
  mountPath: {{ $v.tls.mountPath }}
  readOnly: true
{{- if and $svc.kafka.enabled $v.kafka.caSecret }}
- name: kafka-ca
  mountPath: /etc/credentials/kafka-ca
  readOnly: true
{{- end }}
{{- if and $svc.redis.enabled $v.redis.caSecret }}
- name: redis-ca
  mountPath: /etc/credentials/redis-ca
  readOnly: true
{{- end }}
{{- if $svc.hsm.enabled }}
- name: hsm-module
  mountPath: {{ $v.hsm.moduleMountPath }}
  readOnly: true
- name: hsm-config
  mountPath: {{ $v.hsm.configMountPath }}
  readOnly: true
- name: hsm-pin
  mountPath: /etc/credentials/hsm-pin
  readOnly: true
{{- end }}
{{- end -}}

{{- define "credentials.volumes" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ $v.tmpVolumeSizeLimit }}
- name: tls
  secret:
    secretName: {{ $svc.tls.existingSecret | quote }}
    defaultMode: 0440
{{- if and $svc.kafka.enabled $v.kafka.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ $v.kafka.caSecret | quote }}
    defaultMode: 0444
{{- end }}
{{- if and $svc.redis.enabled $v.redis.caSecret }}
- name: redis-ca
  secret:
    secretName: {{ $v.redis.caSecret | quote }}
    defaultMode: 0444
{{- end }}
{{- if $svc.hsm.enabled }}
- name: hsm-module
{{- toYaml $v.hsm.moduleVolume | nindent 2 }}
- name: hsm-config
{{- toYaml $v.hsm.configVolume | nindent 2 }}
- name: hsm-pin
  secret:
    secretName: {{ $svc.hsm.pinSecret | quote }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{/*
The pod spec shared by the Deployment and the migrate Job (same image, environment and mounts). The Job runs as a
pre-install hook, before the chart's ServiceAccounts exist, so only the Deployment names its ServiceAccount.
*/}}
{{- define "credentials.podSpec" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with $v.imagePullSecrets }}
imagePullSecrets:
{{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
{{- toYaml $v.podSecurityContext | nindent 2 }}
volumes:
{{- include "credentials.volumes" . | nindent 2 }}
{{- end -}}

{{- define "credentials.deployment" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
{{- if $svc.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "credentials.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "credentials.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "credentials.name" . }}
      {{- include "credentials.podSpec" . | nindent 6 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ .name }}
          image: {{ include "credentials.image" . | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          ports:
            - name: grpc
              containerPort: {{ $v.grpcPort }}
              protocol: TCP
            - name: health
              containerPort: {{ $v.health.port }}
              protocol: TCP
          env:
            {{- include "credentials.env" . | nindent 12 }}
          livenessProbe:
            grpc:
              port: {{ $v.health.port }}
              service: liveness
            initialDelaySeconds: {{ $v.health.liveness.initialDelaySeconds }}
            periodSeconds: {{ $v.health.liveness.periodSeconds }}
            timeoutSeconds: {{ $v.health.liveness.timeoutSeconds }}
            failureThreshold: {{ $v.health.liveness.failureThreshold }}
          readinessProbe:
            grpc:
              port: {{ $v.health.port }}
              service: ""
            initialDelaySeconds: {{ $v.health.readiness.initialDelaySeconds }}
            periodSeconds: {{ $v.health.readiness.periodSeconds }}
            timeoutSeconds: {{ $v.health.readiness.timeoutSeconds }}
            failureThreshold: {{ $v.health.readiness.failureThreshold }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.containerSecurityContext | nindent 12 }}
          volumeMounts:
            {{- include "credentials.volumeMounts" . | nindent 12 }}
{{- end }}
{{- end -}}

{{- define "credentials.migrateJob" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
{{- if and $svc.enabled $v.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate" (include "credentials.name" .) | trunc 63 | trimSuffix "-" }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
  annotations:
    # Runs before the new pods: schema changes are applied by one process, never raced at start-up.
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $v.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ $v.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      # Not the service's component label: the Service and the PodDisruptionBudget must never select this pod.
      labels:
        {{- include "credentials.labels" (dict "root" .root "name" (printf "%s-migrate" .name)) | nindent 8 }}
    spec:
      restartPolicy: Never
      {{- include "credentials.podSpec" . | nindent 6 }}
      containers:
        - name: migrate
          image: {{ include "credentials.image" . | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          command: ["dotnet", {{ printf "%s.dll" $svc.assembly | quote }}, "migrate"]
          env:
            {{- include "credentials.env" . | nindent 12 }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.containerSecurityContext | nindent 12 }}
          volumeMounts:
            {{- include "credentials.volumeMounts" . | nindent 12 }}
{{- end }}
{{- end -}}

{{- define "credentials.service" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
{{- if $svc.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "credentials.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ $v.grpcPort }}
      targetPort: grpc
      protocol: TCP
{{- end }}
{{- end -}}

{{- define "credentials.serviceAccount" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if $svc.enabled }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "credentials.podDisruptionBudget" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if $svc.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
spec:
  minAvailable: {{ $svc.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "credentials.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "credentials.horizontalPodAutoscaler" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if and $svc.enabled $svc.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "credentials.name" . }}
  minReplicas: {{ $svc.autoscaling.minReplicas }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{/*
NetworkPolicy: deny everything, then allow only the documented edges (ARCHITECTURE.md): ingress on the gRPC port
from the chart's services that list this one in their `calls` and from the external client groups named in
`clients`; ingress on the health port from nowhere but the kubelet (node traffic is not subject to the policy on
common CNIs); egress to DNS, to the services in `calls`, and to each external dependency the service uses. A group
or dependency without peers gets no rule, because an empty peer list would mean "anyone".
*/}}
{{- define "credentials.networkPolicy" -}}
{{- $v := .root.Values -}}
{{- $svc := index .root.Values.services .name -}}
{{- $root := .root -}}
{{- $self := .name -}}
{{- if and $svc.enabled $v.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "credentials.name" . }}
  labels:
    {{- include "credentials.labels" . | nindent 4 }}
spec:
  # The service's pods and its migrate Job's pod (same dependencies).
  podSelector:
    matchLabels:
      app.kubernetes.io/name: credentials
      app.kubernetes.io/instance: {{ .root.Release.Name }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values:
          - {{ .name }}
          - {{ printf "%s-migrate" .name }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- range $caller, $other := $v.services }}
    {{- if and $other.enabled (has $self $other.calls) }}
    - from:
        - podSelector:
            matchLabels:
              {{- include "credentials.selectorLabels" (dict "root" $root "name" $caller) | nindent 14 }}
      ports:
        - port: {{ $v.grpcPort }}
          protocol: TCP
    {{- end }}
    {{- end }}
    {{- range $group := $svc.clients }}
    {{- $peers := get $v.networkPolicy.clients $group }}
    {{- if $peers }}
    - from:
        {{- toYaml $peers | nindent 8 }}
      ports:
        - port: {{ $v.grpcPort }}
          protocol: TCP
    {{- end }}
    {{- end }}
  egress:
    {{- if $v.networkPolicy.dns }}
    - to:
        {{- toYaml $v.networkPolicy.dns | nindent 8 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- end }}
    {{- range $callee := $svc.calls }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "credentials.selectorLabels" (dict "root" $root "name" $callee) | nindent 14 }}
      ports:
        - port: {{ $v.grpcPort }}
          protocol: TCP
    {{- end }}
    {{- $deps := list "postgres" }}
    {{- if $svc.s3.enabled }}{{ $deps = append $deps "s3" }}{{ end }}
    {{- if $svc.kafka.enabled }}{{ $deps = append $deps "kafka" }}{{ end }}
    {{- if $svc.hsm.enabled }}{{ $deps = append $deps "hsm" }}{{ end }}
    {{- if $svc.redis.enabled }}{{ $deps = append $deps "redis" }}{{ end }}
    {{- range $dep := $deps }}
    {{- $target := get $v.networkPolicy.dependencies $dep }}
    {{- if $target.to }}
    - to:
        {{- toYaml $target.to | nindent 8 }}
      ports:
        {{- range $port := $target.ports }}
        - port: {{ $port }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- end }}
    {{- with $svc.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end -}}
