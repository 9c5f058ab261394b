using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure.Http;
using Route = VoiceProxy.Core.Routing.Route;

namespace VoiceProxy.Bench;

public static class Micro
{
    public static int Run(string[] args)
    {
        BenchmarkSwitcher.FromTypes([typeof(RoutingBenchmarks)]).Run(args);
        return 0;
    }
}

/// <summary>The pure answer path: parsing the call, routing it, writing the NCCO.</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static PhoneNumber N(string e164) => PhoneNumber.Parse(e164, "GB").RightToSeq().Head();
    readonly Route route = new(Guid.NewGuid(),
        new Participant(N("+447911123456"), N("+447700900001")), new Participant(N("+447400123456"), N("+447700900002")),
        Now.AddHours(1), Ended: false);
    readonly CallSettings settings = new(Prompts.Default, 45, "https://proxy.example.com/webhooks/event", Option<PhoneNumber>.None);
    readonly InboundCall call = new(N("+447911123456"), N("+447700900002"));
    Ncco connect = null!;

    [GlobalSetup]
    public void Setup() => connect = Router.Route(call, route, Now, settings).RightToSeq().Head();

    [Benchmark]
    public Either<RouteError, InboundCall> ParseInboundCall() => InboundCall.Parse("447911123456", "447700900002", "GB");

    [Benchmark]
    public Either<RouteError, Ncco> RouteCall() => Router.Route(call, route, Now, settings);

    [Benchmark]
    public byte[] SerializeNcco() => NccoJson.Serialize(connect);
}
