using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>The simulation's log messages.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Simulation work on {Kind} {Namespace}/{Name} conflicted; retrying")]
    public static partial void Conflict(ILogger logger, WorkKind kind, string? @namespace, string name);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Simulation work on {Kind} {Namespace}/{Name} failed: {Reason}")]
    public static partial void WorkFailed(ILogger logger, WorkKind kind, string? @namespace, string name, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Simulation did not settle after {Rounds} rounds; pausing this pass")]
    public static partial void NotSettled(ILogger logger, int rounds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Simulation started with {Nodes} node(s)")]
    public static partial void Started(ILogger logger, int nodes);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "Simulation loop error")]
    public static partial void LoopError(ILogger logger, Exception exception);
}
