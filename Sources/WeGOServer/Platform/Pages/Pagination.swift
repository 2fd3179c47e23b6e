/// Previous and next links around "page N of M", for every paged list.
enum Pagination {
    static func nav(page current: Int, of last: Int, _ context: PageContext, link: (Int) -> String) -> HTML {
        guard last > 1 else { return .empty }
        let previous: HTML = current > 1 ? "<a rel=\"prev\" href=\"\(link(current - 1))\">\(context.t("pagination.previous"))</a>" : .empty
        let next: HTML = current < last ? "<a rel=\"next\" href=\"\(link(current + 1))\">\(context.t("pagination.next"))</a>" : .empty
        return """
            <nav id="pagination" aria-label="\(context.t("pagination.label"))">\(previous)
            <span>\(context.t("pagination.page_of", ["page": context.format.number(current),
                "pages": context.format.number(last)]))</span>\(next)</nav>
            """
    }
}
