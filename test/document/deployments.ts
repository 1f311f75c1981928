/**
 * Generated multi-document YAML for document-model tests: Deployments of about 50 lines each.
 */

/** One Deployment named `app-<i>`, 50 lines, ending with a newline. */
export function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: default
  labels:
    app: app-${i}
    tier: backend
  annotations:
    note: "generated ${i}"
spec:
  replicas: 3
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      restartPolicy: Always
      containers:
        - name: main
          image: nginx:1.27
          args: ["--port", "8080"]
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: MODE
              value: production
          resources:
            limits:
              cpu: 500m
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
        - name: sidecar
          image: busybox
          command:
            - sh
            - -c
            - |
              while true; do
                sleep 5
              done
`;
}

/** `count` Deployments separated by `---` lines. */
export function deployments(count: number): string {
  return Array.from({ length: count }, (_, i) => deployment(i)).join('---\n');
}
