# Builds and tags all eleven images for linux/amd64 and linux/arm64:
#   docker buildx bake                                            # build both platforms (cache only)
#   REGISTRY=ghcr.io/you/boutique TAG=0.1.0 docker buildx bake --push
#   docker buildx bake --set '*.platform=linux/amd64' --load      # one platform into the local engine
# Every image is named ${REGISTRY}/<service>:${TAG}, the scheme the manifests, the chart
# (images.repository / images.tag) and docker-compose.yml use.

variable "REGISTRY" {
  default = "boutique"
}

variable "TAG" {
  default = "0.1.0"
}

group "default" {
  targets = [
    "adservice",
    "cartservice",
    "checkoutservice",
    "currencyservice",
    "emailservice",
    "frontend",
    "loadgenerator",
    "paymentservice",
    "productcatalogservice",
    "recommendationservice",
    "shippingservice",
  ]
}

# Shared by every image: the repository root as context, both platforms, OCI labels.
target "_common" {
  context   = "."
  platforms = ["linux/amd64", "linux/arm64"]
  labels = {
    "org.opencontainers.image.licenses" = "Apache-2.0"
    "org.opencontainers.image.version"  = "${TAG}"
  }
}

target "adservice" {
  inherits   = ["_common"]
  dockerfile = "services/adservice/Dockerfile"
  tags       = ["${REGISTRY}/adservice:${TAG}"]
}

target "cartservice" {
  inherits   = ["_common"]
  dockerfile = "services/cartservice/Dockerfile"
  tags       = ["${REGISTRY}/cartservice:${TAG}"]
}

target "checkoutservice" {
  inherits   = ["_common"]
  dockerfile = "services/checkoutservice/Dockerfile"
  tags       = ["${REGISTRY}/checkoutservice:${TAG}"]
}

target "currencyservice" {
  inherits   = ["_common"]
  dockerfile = "services/currencyservice/Dockerfile"
  tags       = ["${REGISTRY}/currencyservice:${TAG}"]
}

target "emailservice" {
  inherits   = ["_common"]
  dockerfile = "services/emailservice/Dockerfile"
  tags       = ["${REGISTRY}/emailservice:${TAG}"]
}

target "frontend" {
  inherits   = ["_common"]
  dockerfile = "frontend/Dockerfile"
  tags       = ["${REGISTRY}/frontend:${TAG}"]
}

target "loadgenerator" {
  inherits   = ["_common"]
  dockerfile = "services/loadgenerator/Dockerfile"
  tags       = ["${REGISTRY}/loadgenerator:${TAG}"]
}

target "paymentservice" {
  inherits   = ["_common"]
  dockerfile = "services/paymentservice/Dockerfile"
  tags       = ["${REGISTRY}/paymentservice:${TAG}"]
}

target "productcatalogservice" {
  inherits   = ["_common"]
  dockerfile = "services/productcatalogservice/Dockerfile"
  tags       = ["${REGISTRY}/productcatalogservice:${TAG}"]
}

target "recommendationservice" {
  inherits   = ["_common"]
  dockerfile = "services/recommendationservice/Dockerfile"
  tags       = ["${REGISTRY}/recommendationservice:${TAG}"]
}

target "shippingservice" {
  inherits   = ["_common"]
  dockerfile = "services/shippingservice/Dockerfile"
  tags       = ["${REGISTRY}/shippingservice:${TAG}"]
}
