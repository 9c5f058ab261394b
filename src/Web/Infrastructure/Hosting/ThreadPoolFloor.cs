namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// How many thread-pool threads start without the pool's usual hesitation. When a command times
/// out or is cancelled, Npgsql asks PostgreSQL to cancel it over a new connection, synchronously,
/// on the thread that noticed; against a frozen server that thread blocks for up to the connect
/// timeout. On two cores the pool starts with two threads and adds about one a second, so a
/// handful of such waits held every webhook past Vonage's deadline (FaultsUnderLoadTests: 295 of
/// 728 answers late, the slowest 4.7 s; with this floor, none). Threads are made only when work
/// waits for one, so an idle service pays nothing. <c>VoiceProxy:MinThreads</c>, default 128.
/// </summary>
public static class ThreadPoolFloor
{
    public const int Default = 128;

    public static void Apply(IConfiguration configuration)
    {
        var floor = Math.Clamp(configuration.GetValue("VoiceProxy:MinThreads", Default), 1, 4096);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, floor), Math.Max(io, floor));
    }
}
