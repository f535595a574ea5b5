-- Headless Neovim (0.7+) drives cascade-language-server: waits for diagnostics, then hovers.
-- env: CASCADE_SERVER (bin path), CASCADE_OUT (result file), CASCADE_HOVER_LINE/CHAR (0-based)
-- Usage: nvim --headless --clean -u nvim-check.lua FILE   (rc 0 ok, 2 no diagnostics, 3 no hover)
local server = os.getenv('CASCADE_SERVER')
local out = os.getenv('CASCADE_OUT')
local hline = tonumber(os.getenv('CASCADE_HOVER_LINE') or '0')
local hchar = tonumber(os.getenv('CASCADE_HOVER_CHAR') or '0')
local lines = {}
local function finish(code)
  local f = assert(io.open(out, 'w')); f:write(table.concat(lines, '\n') .. '\n'); f:close()
  vim.cmd((code == 0) and 'qall!' or 'cquit! ' .. code)
end
local function start_client(bufnr)
  local cfg = { name = 'cascade', cmd = { 'node', server, '--stdio' }, root_dir = vim.fn.getcwd() }
  if vim.lsp.start then return vim.lsp.start(cfg, { bufnr = bufnr }) end -- 0.8+
  local id = vim.lsp.start_client(cfg)                                     -- 0.7 (Debian 12)
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local bufnr = vim.api.nvim_get_current_buf()
  local v = vim.version()
  table.insert(lines, string.format('nvim %d.%d.%d', v.major, v.minor, v.patch))
  start_client(bufnr)
  local ok = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(lines, string.format('diagnostic line=%d col=%d severity=%d code=%s msg=%s', d.lnum + 1, d.col + 1, d.severity, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), (d.message:gsub('\n', ' '))))
  end
  if not ok then table.insert(lines, 'NO DIAGNOSTICS'); return finish(2) end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = hline, character = hchar } }
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000) or {}
  local got = false
  for _, r in pairs(res) do
    if r.result and r.result.contents then
      local c = r.result.contents
      local text = type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c)
      table.insert(lines, 'hover ' .. text:gsub('\n', ' | ')); got = true
    elseif r.err then table.insert(lines, 'hover error ' .. vim.inspect(r.err)) end
  end
  if not got then table.insert(lines, 'NO HOVER'); return finish(3) end
  finish(0)
end })
