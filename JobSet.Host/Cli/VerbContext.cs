using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;

namespace JobSet.Host.Cli;

/// <summary>What a verb runs with: its parsed options, the standard streams and a cancellation token.</summary>
internal sealed class VerbContext(string verb, ParsedArguments arguments, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellation, bool stdoutIsTerminal = false)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The verb's name.</summary>
    public string Verb { get; } = verb;

    /// <summary>The verb's options.</summary>
    public ParsedArguments Arguments { get; } = arguments;

    /// <summary>Standard output: the verb's result document.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error: problems, one per line.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>Whether standard output is a terminal (a person reads it) rather than a pipe or file.</summary>
    public bool StdoutIsTerminal { get; } = stdoutIsTerminal;

    /// <summary>Stops long-running verbs.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>
    /// The text of a file option; <c>-</c> reads standard input. A missing or unreadable file
    /// is a <see cref="UsageException"/> naming it.
    /// </summary>
    public string ReadText(string path)
    {
        if (path == "-")
        {
            return ReadBounded(stdin, "standard input");
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"jobset {Verb}: {path} is a directory; expected a file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.CanSeek && stream.Length > InputLimits.MaxFileBytes)
            {
                throw new UsageException($"jobset {Verb}: {path} is larger than the limit of {InputLimits.MaxFileBytes / (1024 * 1024)} MiB");
            }

            // Read with the limit even when the length looked fine: a device (/dev/zero) or a FIFO has no length to check.
            using var reader = new StreamReader(stream);
            return ReadBounded(reader, path);
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"jobset {Verb}: file not found: {path}");
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"jobset {Verb}: file not found: {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"jobset {Verb}: cannot read {path}: {ex.Message}");
        }
    }

    private string ReadBounded(TextReader reader, string what)
    {
        var buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > InputLimits.MaxFileBytes)
            {
                throw new UsageException($"jobset {Verb}: {what} is larger than the limit of {InputLimits.MaxFileBytes / (1024 * 1024)} MiB");
            }
        }

        return text.ToString();
    }

    /// <summary>Every object of the file given with <c>--observed</c> (none when not given).</summary>
    public IReadOnlyList<JsonObject> ReadObserved()
    {
        var path = Arguments.Get("observed");
        return path is null ? [] : ManifestReader.ReadObjects(ReadText(path), path);
    }

    /// <summary>Writes an object as the verb's result document, in the format of <c>-o</c>.</summary>
    public void WriteResult(object value) => WriteDocument(KubeSerializer.ToNode(value), Arguments.Output(Verb));

    /// <summary>Writes a document as YAML or as indented JSON.</summary>
    public void WriteDocument(JsonNode document, OutputFormat format) =>
        Out.Write(format == OutputFormat.Json ? document.ToJsonString(Indented) + "\n" : YamlJson.ToYaml(document));
}
