# Voronka's web host. Build: docker build -t voronka . — run: see deploy/compose.yaml and deploy/README.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Voronka.Web -c Release -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Behind a proxy: the scheme and the client's address come from X-Forwarded-*.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_FORWARDEDHEADERS_ENABLED=true \
    ConnectionStrings__Voronka="Data Source=/data/voronka.db" \
    Storage__Path=/data/files
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "Voronka.Web.dll"]
