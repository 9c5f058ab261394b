using Mono.Cecil;
using Mono.Cecil.Cil;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Core.Tests;

/// <summary>
/// Core is pure (docs/architecture.md, "Shape"): it references no web, database or HTTP library,
/// and no code in it reads the clock, draws random numbers, or touches files, the console,
/// the environment or the network. Read from the compiled assembly, so nothing can slip past.
/// </summary>
public class ArchitectureTests
{
    static readonly string CorePath = typeof(Router).Assembly.Location;

    static readonly string[] ForbiddenAssemblies =
        ["Microsoft.AspNetCore", "Marten", "Npgsql", "Weasel", "JasperFx", "Carter", "System.Net.Http", "Microsoft.Extensions"];

    // Declaring types (and a few members) whose use means I/O, the clock or chance.
    static readonly string[] ForbiddenTypes =
    [
        "System.TimeProvider", "System.Random", "System.Environment", "System.Console", "System.Diagnostics.Stopwatch",
        "System.Threading.Tasks.Task", "System.Net.", "System.IO.File", "System.IO.Directory", "System.IO.Stream",
    ];

    static readonly string[] ForbiddenMembers =
    [
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
        "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow",
        "System.Guid::NewGuid", "System.Guid::CreateVersion7",
    ];

    [Fact]
    public void Core_references_only_pure_libraries()
    {
        using var core = AssemblyDefinition.ReadAssembly(CorePath);
        var references = core.MainModule.AssemblyReferences.Select(r => r.Name).ToList();
        Assert.DoesNotContain(references, r => ForbiddenAssemblies.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.Contains("LanguageExt.Core", references);
    }

    [Fact]
    public void No_code_in_core_reads_the_clock_or_does_io()
    {
        using var core = AssemblyDefinition.ReadAssembly(CorePath);
        var offences =
            from type in core.MainModule.GetTypes()
            from method in type.Methods.Where(m => m.HasBody)
            from instruction in method.Body.Instructions
            where instruction.OpCode.OperandType == OperandType.InlineMethod
            let called = (MethodReference)instruction.Operand
            let name = $"{called.DeclaringType.FullName}::{called.Name}"
            where ForbiddenMembers.Contains(name)
                  || ForbiddenTypes.Any(t => called.DeclaringType.FullName.StartsWith(t, StringComparison.Ordinal))
            select $"{type.FullName}.{method.Name} calls {name}";
        Assert.Empty(offences.Distinct());
    }

    [Fact]
    public void The_check_sees_a_clock_read_where_there_is_one()
    {
        // The scan itself must be able to fail: this test assembly reads the clock right here.
        _ = DateTimeOffset.UtcNow;
        using var self = AssemblyDefinition.ReadAssembly(typeof(ArchitectureTests).Assembly.Location);
        var calls = self.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody)
            .SelectMany(m => m.Body.Instructions).Where(i => i.OpCode.OperandType == OperandType.InlineMethod)
            .Select(i => (MethodReference)i.Operand).Select(m => $"{m.DeclaringType.FullName}::{m.Name}");
        Assert.Contains("System.DateTimeOffset::get_UtcNow", calls);
    }
}
