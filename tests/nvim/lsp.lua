-- Neovim's built-in LSP client against `resume-lint server`, run headless by tests/editor.rs:
--   RESUME_LINT_BIN=… RESUME_LINT_FILE=cv.md nvim --headless --clean -c 'luafile lsp.lua'
-- Exits 0 when every check passes; otherwise prints what failed and exits 1.
-- Written for Neovim 0.7 (Debian 12's), whose API later versions keep.

local function check()
  local bin = assert(vim.env.RESUME_LINT_BIN, "RESUME_LINT_BIN not set")
  local file = assert(vim.env.RESUME_LINT_FILE, "RESUME_LINT_FILE not set")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "resume-lint",
    cmd = { bin, "server" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(id, "the client did not start")
  vim.lsp.buf_attach_client(buf, id)

  local function code(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local function find(wanted)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code(d) == wanted then
        return d
      end
    end
  end

  assert(vim.wait(15000, function() return find("PRC001") ~= nil end, 20),
    "no PRC001 diagnostic arrived")
  local prc = find("PRC001")
  local line = vim.api.nvim_buf_get_lines(buf, prc.lnum, prc.lnum + 1, false)[1]
  -- Neovim turns the server's UTF-16 columns into byte columns: after `’ – é 中文 🚀` the
  -- two only agree if both sides counted right.
  local start = line:find("prioritized", 1, true) - 1
  assert(prc.col == start, ("PRC001 at byte column %d, expected %d"):format(prc.col, start))
  assert(prc.end_col == start + #"prioritized the product backlog",
    ("PRC001 ends at %d"):format(prc.end_col))
  assert(prc.message:find("rewrite: ", 1, true), "no rewrite in: " .. prc.message)
  local wrd = assert(find("WRD002"), "no WRD002 diagnostic")
  assert(wrd.lnum == 3 and wrd.col == 2, ("WRD002 at %d:%d"):format(wrd.lnum, wrd.col))

  -- The quick fix for WRD002, asked for at the finding and applied as the editor does.
  local client = vim.lsp.get_client_by_id(id)
  vim.api.nvim_win_set_cursor(0, { wrd.lnum + 1, wrd.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  local applied = false
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      if not applied and action.title:find("Remove `I`", 1, true) then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        applied = true
      end
    end
  end
  assert(applied, "no WRD002 quick fix among the code actions")
  local fixed = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1]
  assert(fixed == "- Successfully cut costs by 9%.", "after the fix: " .. fixed)
  assert(vim.wait(15000, function() return find("WRD002") == nil end, 20),
    "WRD002 still reported after the fix")

  vim.lsp.stop_client(id)
end

local ok, err = pcall(check)
if ok then
  vim.cmd("qall!")
else
  io.stderr:write("FAIL: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
