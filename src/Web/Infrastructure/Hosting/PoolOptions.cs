using System.ComponentModel.DataAnnotations;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>The <c>VoiceProxy:Pool:*</c> settings.</summary>
public sealed class PoolOptions
{
    public const string Section = "VoiceProxy:Pool";

    /// <summary>Only assign a number in the country of the person who dials it.</summary>
    public bool RequireLocal { get; set; }

    /// <summary>Rent a number when a participant has none free (up to MaxSize).</summary>
    public bool AutoProvision { get; set; }

    [Range(1, 100_000, ErrorMessage = "VoiceProxy:Pool:MaxSize must be between 1 and 100000.")]
    public int MaxSize { get; set; } = 1000;

    /// <summary>How often a creation that lost a race for a route allocates again before a 409.</summary>
    [Range(1, 100, ErrorMessage = "VoiceProxy:Pool:AllocationAttempts must be between 1 and 100.")]
    public int AllocationAttempts { get; set; } = 20;
}
