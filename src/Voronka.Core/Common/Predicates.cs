using System.Linq.Expressions;

namespace Voronka.Core.Common;

/// <summary>Filters made of a varying number of parts, so the database evaluates them in one statement.</summary>
internal static class Predicates
{
    /// <summary><c>x => parts[0](x) || parts[1](x) || …</c>; false when there are no parts. Values the parts capture
    /// reach the database as parameters.</summary>
    public static Expression<Func<T, bool>> AnyOf<T>(IEnumerable<Expression<Func<T, bool>>> parts)
    {
        var x = Expression.Parameter(typeof(T), "x");
        Expression? any = null;
        foreach (var part in parts)
        {
            var body = new Rebind(part.Parameters[0], x).Visit(part.Body);
            any = any is null ? body : Expression.OrElse(any, body);
        }
        return Expression.Lambda<Func<T, bool>>(any ?? Expression.Constant(false), x);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
