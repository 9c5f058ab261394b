namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// Tests that time every answer under load run after the rest of the suite, alone: on two cores,
/// the other test classes running beside them would be measured as the service's slowness.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
