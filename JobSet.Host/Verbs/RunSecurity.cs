using JobSet.Host.Cli;
using JobSet.Kubernetes.Embedded;

namespace JobSet.Host.Verbs;

/// <summary>
/// The storage and security options of <c>jobset run</c> (<c>--data-dir</c>, <c>--token-file</c>,
/// <c>--tls</c>, <c>--tls-cert</c>/<c>--tls-key</c>, <c>--allow-non-loopback</c>), applied to
/// <see cref="EmbeddedClusterOptions"/>; kept apart so the verb's own code stays small.
/// </summary>
internal static class RunSecurity
{
    /// <summary>Reads the options into <paramref name="options"/>; usage errors name the option.</summary>
    public static async Task ConfigureAsync(VerbContext context, string verb, EmbeddedClusterOptions options)
    {
        var arguments = context.Arguments;
        options.DataDirectory = arguments.Get("data-dir") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;
        if (arguments.Get("token-file") is { } tokenFile)
        {
            var token = context.ReadText(tokenFile).Trim();
            if (token.Length == 0 || token.Any(char.IsWhiteSpace) || token.Any(char.IsControl))
            {
                throw new UsageException($"jobset {verb}: --token-file {tokenFile}: the file must hold one token without spaces");
            }

            options.BearerToken = token;
        }

        options.UseTls = arguments.Bool(verb, "tls", false);
        var cert = arguments.Get("tls-cert");
        var key = arguments.Get("tls-key");
        if ((cert is null) != (key is null))
        {
            throw new UsageException($"jobset {verb}: --tls-cert and --tls-key go together");
        }

        if (cert is not null)
        {
            options.TlsCertificateFile = Path.GetFullPath(cert);
            options.TlsKeyFile = Path.GetFullPath(key!);
            options.UseTls = true;
        }

        options.AllowNonLoopback = arguments.Bool(verb, "allow-non-loopback", false);
        if (options.AllowNonLoopback)
        {
            // Loud on purpose: this opens the cluster to the network.
            await context.Error.WriteLineAsync("WARNING: --allow-non-loopback: the embedded cluster may be reachable from other machines; anyone who can reach it" +
                (options.BearerToken is null ? " can read and change every object (no --token-file given)" : " and holds the token can read and change every object") +
                (options.UseTls ? "" : ", and traffic (the token included) is not encrypted (no --tls)")).ConfigureAwait(false);
        }
    }

    /// <summary>The startup line that says where objects are kept.</summary>
    public static string StorageLine(EmbeddedCluster cluster) => cluster.DataFile is { } file
        ? $"storage: durable, SQLite at {file} (objects and resourceVersions survive restarts)"
        : "storage: in memory only (objects are lost when the process stops; --data-dir PATH keeps them)";
}
