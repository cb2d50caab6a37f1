# The jobset controller image: `docker build -t jobset-dotnet:0.1.0 .` at the repository root.
# Build stage: the .NET 10 SDK restores and publishes JobSet.Host (framework-dependent) for the
# image's architecture only, so the other platforms' SQLite native libraries stay out.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src

# Restore first, from the project files only, so source edits reuse the restore layer.
COPY global.json nuget.config Directory.Build.props Directory.Packages.props ./
COPY JobSet.Core/JobSet.Core.csproj JobSet.Core/
COPY JobSet.Kubernetes/JobSet.Kubernetes.csproj JobSet.Kubernetes/
COPY JobSet.Host/JobSet.Host.csproj JobSet.Host/
RUN rid=linux-$(case "$TARGETARCH" in arm64) echo arm64;; *) echo x64;; esac) \
    && dotnet restore JobSet.Host/JobSet.Host.csproj -r "$rid"

COPY JobSet.Core/ JobSet.Core/
COPY JobSet.Kubernetes/ JobSet.Kubernetes/
COPY JobSet.Host/ JobSet.Host/
RUN rid=linux-$(case "$TARGETARCH" in arm64) echo arm64;; *) echo x64;; esac) \
    && dotnet publish JobSet.Host/JobSet.Host.csproj -c Release -r "$rid" --self-contained false -o /app --no-restore

# Runtime stage: ASP.NET Core runtime on Ubuntu chiseled (no shell, no package manager),
# running as the image's non-root user (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER 1654
# Webhooks, metrics, health probes (the Deployment from `jobset manifests` passes the bind flags).
EXPOSE 9443 8080 8081
ENTRYPOINT ["dotnet", "/app/jobset.dll"]
CMD ["run"]
