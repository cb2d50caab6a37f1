namespace JobSet.Tests.Planning;

/// <summary>
/// Puts every test of this namespace in the <c>Core</c> category: the core's own tests, which
/// stryker-config.json selects with <c>TestCategory=Core</c>. A category filter, unlike a name
/// filter, stays a filter in the NUnit adapter when it selects more than its AssemblySelectLimit
/// (2,000) tests; a name filter that selects more runs the whole assembly, servers included.
/// </summary>
[SetUpFixture]
[Category("Core")]
public sealed class CoreSuite;
