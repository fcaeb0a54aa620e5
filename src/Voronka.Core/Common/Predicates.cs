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

    /// <summary><c>x => key(x) == value</c>, the value reaching the database as a parameter.</summary>
    public static Expression<Func<T, bool>> Equal<T>(Expression<Func<T, int?>> key, int value)
    {
        Expression<Func<int?>> captured = () => value;
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(key.Body, captured.Body), key.Parameters);
    }

    /// <summary><c>x => !predicate(x)</c>.</summary>
    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    /// <summary><c>x => selector(x, flag(x))</c>: a projection that uses a condition built at run time (such as
    /// <see cref="AnyOf{T}"/>), evaluated by the database inside the projection.</summary>
    public static Expression<Func<T, TResult>> With<T, TResult>(Expression<Func<T, bool>> flag, Expression<Func<T, bool, TResult>> selector)
    {
        var x = selector.Parameters[0];
        var condition = new Rebind(flag.Parameters[0], x).Visit(flag.Body);
        return Expression.Lambda<Func<T, TResult>>(new Rebind(selector.Parameters[1], condition).Visit(selector.Body), x);
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
