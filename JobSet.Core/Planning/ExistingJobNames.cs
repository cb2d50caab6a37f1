using System.Buffers;
using System.Globalization;

namespace JobSet.Core.Planning;

/// <summary>
/// Which of the names the controller gives child Jobs (<c>&lt;jobset&gt;-&lt;replicatedJob&gt;-&lt;index&gt;</c>)
/// the observed children have: one bit per Job index, in an array rented from the shared pool.
/// Replaces a set of N name strings, and the N names built to look them up, by parsing each
/// child's name once: the steady state allocates nothing per Job. A name decomposes in one way
/// only (the index is the digits after the last dash, written as <see cref="Naming.JobName"/> writes it).
/// Names added before <see cref="Bind"/> are kept until then.
/// </summary>
internal sealed class ExistingJobNames : IDisposable
{
    private readonly Dictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private Dictionary<string, Slot>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private string? jobSetName;
    private JobSetLayout? layout;
    private List<string>? pending;
    private ulong[]? bits;
    private string? lastName;
    private Slot? last;

    /// <summary>
    /// Says which JobSet the names belong to (its name and ReplicatedJobs); names added before
    /// are parsed now. Binding again does nothing.
    /// </summary>
    public void Bind(string jobSetName, JobSetLayout layout)
    {
        if (this.jobSetName is not null)
        {
            return;
        }

        (this.jobSetName, this.layout) = (jobSetName, layout);
        var pending = this.pending;
        this.pending = null;
        foreach (var name in pending ?? [])
        {
            Add(name);
        }
    }

    /// <summary>The bitmap, made on the first name of a bound set (none while no child exists).</summary>
    private ulong[] Bits()
    {
        if (bits is not null)
        {
            return bits;
        }

        foreach (var rjob in layout!.ReplicatedJobs)
        {
            // Duplicate ReplicatedJob names (refused by validation) share a slot as they share names.
            if (!slots.TryGetValue(rjob.Name, out var slot))
            {
                slots[rjob.Name] = slot = new Slot();
            }

            slot.Capacity = Math.Max(slot.Capacity, rjob.Replicas);
        }

        var total = 0;
        foreach (var slot in slots.Values)
        {
            slot.Offset = total;
            total += slot.Capacity;
        }

        var words = (total + 63) / 64;
        bits = ArrayPool<ulong>.Shared.Rent(Math.Max(words, 1));
        Array.Clear(bits, 0, words);
        bySpan = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        return bits;
    }

    /// <summary>Records a child's name; names the controller would not give are ignored.</summary>
    public void Add(string name)
    {
        if (jobSetName is null)
        {
            (pending ??= []).Add(name);
            return;
        }

        var bits = Bits();
        var span = name.AsSpan();
        if (span.Length < jobSetName.Length + 3 || !span.StartsWith(jobSetName, StringComparison.Ordinal) || span[jobSetName.Length] != '-')
        {
            return;
        }

        var rest = span[(jobSetName.Length + 1)..];
        var dash = rest.LastIndexOf('-');
        if (dash < 0 || !TryParseIndex(rest[(dash + 1)..], out var index))
        {
            return;
        }

        var rjob = rest[..dash];
        Slot? slot;
        if (lastName is not null && rjob.SequenceEqual(lastName))
        {
            slot = last!;
        }
        else if (bySpan.TryGetValue(rjob, out var key, out slot))
        {
            (lastName, last) = (key, slot);
        }
        else
        {
            return;
        }

        if (index < slot.Capacity)
        {
            var bit = slot.Offset + index;
            ref var word = ref bits[bit >> 6];
            var mask = 1UL << (bit & 63);
            if ((word & mask) == 0)
            {
                word |= mask;
                slot.Count++;
            }
        }
    }

    /// <summary>Whether the Job <paramref name="index"/> of the ReplicatedJob exists.</summary>
    public bool Contains(string replicatedJobName, int index) =>
        SlotOf(replicatedJobName) is { } slot && index >= 0 && index < slot.Capacity && bits is not null
            && (bits[(slot.Offset + index) >> 6] & (1UL << ((slot.Offset + index) & 63))) != 0;

    /// <summary>Whether Jobs 0 to <paramref name="replicas"/> - 1 of the ReplicatedJob all exist.</summary>
    public bool ContainsAll(string replicatedJobName, int replicas) =>
        SlotOf(replicatedJobName) is { } slot && slot.Capacity == replicas && slot.Count == replicas;

    /// <summary>Returns the bitmap to the pool.</summary>
    public void Dispose()
    {
        if (bits is not null)
        {
            ArrayPool<ulong>.Shared.Return(bits);
            bits = null;
        }
    }

    private Slot? SlotOf(string replicatedJobName)
    {
        if (bits is null)
        {
            return null;
        }

        if (ReferenceEquals(replicatedJobName, lastName) || replicatedJobName == lastName)
        {
            return last;
        }

        if (!slots.TryGetValue(replicatedJobName, out var slot))
        {
            return null;
        }

        (lastName, last) = (replicatedJobName, slot);
        return slot;
    }

    /// <summary>A Job index as <see cref="Naming.JobName"/> writes it: decimal digits, no sign, no leading zero.</summary>
    private static bool TryParseIndex(ReadOnlySpan<char> text, out int index)
    {
        index = 0;
        return text.Length > 0 && (text[0] != '0' || text.Length == 1)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>One ReplicatedJob name's range of bits and how many are set.</summary>
    private sealed class Slot
    {
        public int Offset { get; set; }

        public int Capacity { get; set; }

        public int Count { get; set; }
    }
}
