using System.Globalization;
using VoiceProxy.Bench;

// bench/run.sh drives these; each prints one JSON line (or BenchmarkDotNet's tables) for the report.
return args.FirstOrDefault() switch
{
    "seed" => await Seeder.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
    "routes" => await RouteSample.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]),
    "advance" => await Seeder.Advance(args[1]),
    "ceiling" => await Ceiling.Run(args[1]),
    "rate" => await FixedRate.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), NonEmpty(args.ElementAtOrDefault(5)), args.ElementAtOrDefault(6)),
    "tokens" => await Tokens.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]),
    "create" => await CreationRate.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args.ElementAtOrDefault(4)),
    "micro" => Micro.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

static int Usage()
{
    Console.Error.WriteLine("""
        usage: seed <connection> <total>            add active conversations until there are <total>
               routes <connection> <count> <file>   write a random sample of routes for wrk (0: every route)
               advance <connection>                 mark the async daemon's subscriptions past every event (seeded
                                                    conversations count as texted long ago)
               ceiling <url>                        serve a constant NCCO (the ceiling)
               rate <url> <routes file> <req/s> <seconds> [secret|""] [warm-url]   open-loop latency at a fixed rate
                                                    (signed POSTs with a secret; with a warm-url: warm up there, then
                                                    measure url from the moment it is ready: a cold start)
               tokens <routes file> <count> <secret> <file>   signed answer webhooks for wrk (answer-signed.lua)
               create <url> <concurrency> <seconds> [api key]   creation rate (sandbox)
               micro [BenchmarkDotNet args]         route function and NCCO serialisation
        """);
    return 2;
}
