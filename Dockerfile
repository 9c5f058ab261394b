# Multi-stage: the SDK builds, the slim ASP.NET runtime runs, as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Web/VoiceProxy.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's built-in unprivileged user.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s CMD ["dotnet", "VoiceProxy.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "VoiceProxy.Web.dll"]
